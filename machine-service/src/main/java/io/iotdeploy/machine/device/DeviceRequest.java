package io.iotdeploy.machine.device;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A device to register.
 *
 * @param name     optional; without it the device is named as its engine calls itself, else by its address
 * @param port     the engine's API port; optional: {@code iotdeploy.machine.devices.default-port} (2376, TLS), or
 *                 {@code default-insecure-port} (2375) for an insecure device
 * @param insecure optional, {@code false}: the engine is reached with TLS and the platform's client certificate.
 *                 {@code true} only for an engine that listens on plain TCP, which anyone on its network can
 *                 control; the owner has to say so explicitly
 * @param tags     optional, none: the device's tags ({@code {"site":"basement","floor":"2"}}), checked by
 *                 {@link DeviceTags}
 */
record DeviceRequest(
        @Schema(description = "without it, as the engine calls itself, else its address")
        @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String name,
        @Schema(description = "the engine's IP address or host name") @NotBlank @ValidAddress String address,
        @Schema(description = "the engine's API port; without it 2376 (TLS), or 2375 for an insecure device")
        @Min(value = 1, message = PORT_RANGE) @Max(value = 65535, message = PORT_RANGE) Integer port,
        @Schema(description = "true only for an engine on plain TCP, without TLS, which anyone on its network can "
                + "control; false when left out") Boolean insecure,
        @Schema(description = "its tags, {\"site\":\"basement\",\"floor\":\"2\"}") Map<String, String> tags) {

    static final String NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$";

    static final String NAME_MESSAGE = "must start with a letter or digit, have at most 63 characters and contain "
            + "only letters, digits, '_', '.' and '-'";

    static final String PORT_RANGE = "must be between 1 and 65535";

    DeviceRequest {
        // a form's empty optional field means "not given"
        if (name != null && name.isEmpty()) {
            name = null;
        }
    }

    boolean isInsecure() {
        return Boolean.TRUE.equals(this.insecure);
    }

}
