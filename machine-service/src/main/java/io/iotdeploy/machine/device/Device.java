package io.iotdeploy.machine.device;

import java.time.Instant;

/**
 * A device of one user as the API shows it. device-client reads {@code id, name, address, port, dockerHost,
 * state, architecture, platform} from it (its own {@code io.iotdeploy.device.Device}), so those names stay.
 *
 * @param state    {@code online} (the engine answered the last ping), {@code offline} (it could not be
 *                 reached) or {@code unknown} (something answered, but not as a Docker Engine)
 * @param lastSeen when the engine last answered; the facts are from then
 */
record Device(long id, String name, String address, int port, String dockerHost, String state, Instant lastSeen,
        String architecture, String platform, String os, String kernel, String dockerVersion, Integer cpus,
        Long memoryBytes, Integer containers, Integer images, Instant createdAt) {

    /** The image platform for the architecture the engine reports ({@code uname -m}). */
    static String platformOf(String architecture) {
        if (architecture == null || architecture.isBlank()) {
            return null;
        }
        return switch (architecture) {
            case "x86_64" -> "linux/amd64";
            case "aarch64" -> "linux/arm64";
            case "armv7l" -> "linux/arm/v7";
            default -> "linux/" + architecture;
        };
    }

}
