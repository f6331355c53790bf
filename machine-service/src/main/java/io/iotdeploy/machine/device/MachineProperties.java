package io.iotdeploy.machine.device;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** machine-service's settings, {@code iotdeploy.machine.*}. */
@Validated
@ConfigurationProperties("iotdeploy.machine")
record MachineProperties(@Valid @DefaultValue Devices devices, @Valid @DefaultValue Pki pki,
        @Valid @DefaultValue Onboarding onboarding) {

    /**
     * @param defaultPort         the engine API port of a device registered without one: Docker's TLS port
     * @param defaultInsecurePort the same for a device its owner marks insecure: Docker's plain-TCP port
     * @param refreshParallelism  how many devices {@code GET /devices?refresh=true} pings at once; an offline
     *                            device holds its slot for up to the connect timeout
     */
    record Devices(@DefaultValue("2376") @Min(1) @Max(65535) int defaultPort,
            @DefaultValue("2375") @Min(1) @Max(65535) int defaultInsecurePort,
            @DefaultValue("8") @Min(1) int refreshParallelism) {

        /** The port a device is registered at when its owner names none. */
        int defaultPort(boolean insecure) {
            return insecure ? this.defaultInsecurePort : this.defaultPort;
        }

    }

    /**
     * @param directory the platform's certificate authority ({@code ca.pem}, {@code ca.key}) that signs device
     *                  certificates, and its client certificate ({@code client/}); {@code ./iotdeploy up} creates
     *                  them in {@code $IOTDEPLOY_STATE/pki} (application.yml)
     */
    record Pki(Path directory) {
    }

    /**
     * @param certificateValidity how long a device's server certificate is valid (never beyond the CA's own)
     * @param registries          the private registries devices pull from ({@code host:port}); the TLS bundle makes
     *                            the device's Docker trust the platform CA for them
     */
    record Onboarding(@DefaultValue("825d") Duration certificateValidity,
            @DefaultValue List<@Pattern(regexp = "[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?",
                    message = "must be host:port") String> registries) {
    }

}
