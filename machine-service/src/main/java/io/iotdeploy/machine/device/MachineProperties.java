package io.iotdeploy.machine.device;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** machine-service's settings, {@code iotdeploy.machine.*}. */
@Validated
@ConfigurationProperties("iotdeploy.machine")
record MachineProperties(@Valid @DefaultValue Devices devices, @Valid @DefaultValue Pki pki,
        @Valid @DefaultValue Onboarding onboarding, @Valid @DefaultValue Heartbeat heartbeat,
        @Valid @DefaultValue Events events) {

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

    /**
     * The device heartbeat ({@link DeviceHeartbeat}): every registered device, of every owner, is pinged once per
     * interval, so that its state and {@code lastSeen} stay current and its online/offline transitions become
     * device events.
     *
     * @param enabled     {@code false}: devices are pinged only when their owner asks, and old device events are
     *                    not pruned
     * @param interval    how often each device is pinged
     * @param jitter      each device is pinged at a phase of its own within the interval, so that the pings are
     *                    spread over it; without, every device is pinged at the start of the interval, as fast as
     *                    {@code parallelism} allows
     * @param parallelism how many devices are pinged at once; a device that does not answer holds its slot for
     *                    up to {@code timeout}
     * @param timeout     how long one ping waits to connect (a TLS handshake included) and then for the answer: a
     *                    dead device costs one timeout. Not the control connection's 60 s read timeout, which is
     *                    sized for {@code stop} and would let a silent device hold its slot for two intervals
     */
    record Heartbeat(@DefaultValue("true") boolean enabled,
            @DefaultValue("30s") @DurationMin(millis = 1) Duration interval,
            @DefaultValue("true") boolean jitter,
            @DefaultValue("8") @Min(1) int parallelism,
            @DefaultValue("5s") @DurationMin(millis = 1) Duration timeout) {
    }

    /**
     * The device events ({@code GET /devices/events}): every online/offline transition of a device, for
     * deployment-service's reconciler.
     *
     * @param retention how long an event is kept; the heartbeat prunes older ones once per interval
     * @param pageSize  the most events one {@code GET /devices/events} answers
     * @param readers   who may read them: the subjects of the platform's own services' internal tokens. Events
     *                  name every owner's devices, so a user's token (which the gateway relays) is refused
     */
    record Events(@DefaultValue("7d") @DurationMin(millis = 1) Duration retention,
            @DefaultValue("100") @Min(1) @Max(1000) int pageSize,
            @DefaultValue("deployment-service") List<String> readers) {
    }

}
