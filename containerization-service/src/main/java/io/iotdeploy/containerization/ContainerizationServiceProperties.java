package io.iotdeploy.containerization;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param platform         the one platform this instance builds for ({@code IOTDEPLOY_CONTAINERIZATION_PLATFORM})
 * @param privateRegistry  host:port of the registry the images are pushed to, plain HTTP
 *                         ({@code IOTDEPLOY_PRIVATE_REGISTRY})
 * @param upstreamRegistry host:port of the registry that base image names without a registry resolve against, plain
 *                         HTTP; it plays Docker Hub's role ({@code IOTDEPLOY_UPSTREAM_REGISTRY})
 * @param buildEngine      the Docker Engine that builds images with {@code RUN} steps ({@code IOTDEPLOY_BUILD_ENGINE})
 * @param jibCache         where jib keeps base image layers between builds (application layers live only as long
 *                         as their build)
 * @param timeouts         how long each remote step may take
 */
@ConfigurationProperties("containerization-service")
@Validated
public record ContainerizationServiceProperties(
        @NotBlank @Pattern(regexp = "linux/[a-z0-9]+") @DefaultValue("linux/amd64") String platform,
        @NotBlank @DefaultValue("10.77.0.1:5000") String privateRegistry,
        @NotBlank @DefaultValue("10.77.0.1:5001") String upstreamRegistry,
        @NotBlank @DefaultValue("unix:///run/iotdeploy/build-engine.sock") String buildEngine,
        @NotNull @DefaultValue(".iotdeploy/cache/jib") Path jibCache,
        @Valid @DefaultValue Timeouts timeouts) {

    /**
     * @param build    building an image, pulling its base included
     * @param push     pushing it to the private registry
     * @param registry one request to a registry's HTTP API (manifest checks)
     */
    public record Timeouts(@NotNull @DefaultValue("15m") Duration build, @NotNull @DefaultValue("10m") Duration push,
            @NotNull @DefaultValue("10s") Duration registry) {
    }

}
