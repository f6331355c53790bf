package io.iotdeploy.deployment.system;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param privateRegistry the platform's registry ({@code host:port}); devices only ever pull from it
 * @param pullTimeout     how long a device may take to pull an image
 * @param stopTimeout     how long a container gets to stop (or restart) before the engine kills it
 */
@ConfigurationProperties("deployment-service")
@Validated
public record DeploymentServiceProperties(@NotBlank @DefaultValue("10.77.0.1:5000") String privateRegistry,
        @NotNull @DefaultValue("10m") Duration pullTimeout, @NotNull @DefaultValue("10s") Duration stopTimeout) {
}
