package io.iotdeploy.web.system;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway finds the platform's services and how long it waits for them.
 *
 * @param authService             users and credentials
 * @param machineService          devices
 * @param containerizationService one image builder per platform ({@code linux/amd64} → its instance)
 * @param deploymentService       containers on the devices
 * @param loggingService          container logs
 * @param auditService            CPU and memory figures
 * @param upload                  limits of {@code POST /upload}
 * @param timeouts                connect and answer timeouts of the calls to the services
 * @param credentialCache         how long a successful HTTP Basic verification is remembered; verifying a
 *                                password costs auth-service about half a second of PBKDF2
 */
@ConfigurationProperties("web-service")
@Validated
public record WebServiceProperties(
        @DefaultValue("http://127.0.0.1:8081") @NotNull URI authService,
        @DefaultValue("http://127.0.0.1:8082") @NotNull URI machineService,
        @NotEmpty Map<String, URI> containerizationService,
        @DefaultValue("http://127.0.0.1:8085") @NotNull URI deploymentService,
        @DefaultValue("http://127.0.0.1:8086") @NotNull URI loggingService,
        @DefaultValue("http://127.0.0.1:8087") @NotNull URI auditService,
        @DefaultValue @Valid Upload upload,
        @DefaultValue @Valid Timeouts timeouts,
        @DefaultValue("5m") @NotNull Duration credentialCache) {

    /**
     * @param maxSize the largest application a user may upload; {@code spring.servlet.multipart.*} follow it
     */
    public record Upload(@DefaultValue("200MB") @NotNull DataSize maxSize) {
    }

    /**
     * Each bounds a whole exchange, answer body included.
     *
     * @param connect establishing the connection to a service
     * @param read    any call without a longer bound of its own
     * @param build   building and pushing an image (a {@code RUN} step under emulation takes minutes)
     * @param deploy  deployment-service's deploy call, which has the device pull the image (an arm64 board
     *                takes about 90 s for a 140 MB image)
     * @param stream  a followed log stream: a little longer than logging-service keeps one open (30 min), so that
     *                the service ends it cleanly
     * @param rollout how long a deployment to a group or tags waits ({@code wait=true}) for its devices to run the
     *                release before it answers 202 with each device's state
     */
    public record Timeouts(
            @DefaultValue("5s") @NotNull Duration connect,
            @DefaultValue("60s") @NotNull Duration read,
            @DefaultValue("15m") @NotNull Duration build,
            @DefaultValue("15m") @NotNull Duration deploy,
            @DefaultValue("35m") @NotNull Duration stream,
            @DefaultValue("15m") @NotNull Duration rollout) {
    }

}
