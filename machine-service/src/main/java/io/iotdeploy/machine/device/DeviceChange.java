package io.iotdeploy.machine.device;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A change to a registered device ({@code PATCH /devices/{id}}): only what is given changes. The address does not:
 * another address is another device.
 *
 * @param insecure {@code false} to reach the device with TLS from now on (after its TLS bundle is installed),
 *                 {@code true} to reach it over plain TCP. Without a {@code port}, a device at the default port of
 *                 its old mode moves to the default port of the new one (2375 and 2376)
 */
record DeviceChange(
        @Pattern(regexp = DeviceRequest.NAME_PATTERN, message = DeviceRequest.NAME_MESSAGE) String name,
        @Min(value = 1, message = DeviceRequest.PORT_RANGE) @Max(value = 65535,
                message = DeviceRequest.PORT_RANGE) Integer port,
        @Schema(description = "true to reach it over plain TCP, false with TLS (its TLS bundle installed); without "
                + "a port, a device at its old mode's default port moves to the new one's (2375, 2376)")
        Boolean insecure) {

    DeviceChange {
        if (name != null && name.isEmpty()) {
            name = null;
        }
    }

}
