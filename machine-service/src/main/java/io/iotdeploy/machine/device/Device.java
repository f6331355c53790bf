package io.iotdeploy.machine.device;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A device of one user as the API shows it. device-client reads {@code id, name, address, port, dockerHost,
 * state, architecture, platform, insecure} from it (its own {@code io.iotdeploy.device.Device}), so those names
 * stay.
 *
 * @param insecure       its owner marked it as reached over plain TCP, without TLS; every other device is reached
 *                       with TLS and the platform's client certificate only
 * @param state          {@code online} (the engine answered the last ping), {@code offline} (it could not be
 *                       reached, or refused the TLS handshake) or {@code unknown} (something answered, but not as
 *                       a Docker Engine)
 * @param lastSeen       when the engine last answered; the facts are from then
 * @param tlsCertificate the server certificate last issued for the device (its TLS bundle), {@code null} if none
 * @param owner          the user who registered it (the services check an engine's certificate against it)
 * @param tags           its owner's tags ({@link DeviceTags}), sorted by key; empty when it has none
 */
record Device(long id, String name, String address, int port,
        @Schema(description = "the engine's address, tcp://10.77.0.11:2376") String dockerHost,
        @Schema(description = "reached over plain TCP, without TLS, as its owner marked it") boolean insecure,
        @Schema(description = "online (the engine answered the last ping), offline (not reached, or the TLS handshake "
                + "failed) or unknown (something answered, not as a Docker Engine)") String state,
        @Schema(description = "when the engine last answered; the facts below are from then") Instant lastSeen,
        @Schema(description = "as the engine reports it (uname -m), aarch64") String architecture,
        @Schema(description = "the image platform of its architecture, linux/arm64") String platform, String os,
        String kernel, String dockerVersion, Integer cpus, Long memoryBytes, Integer containers, Integer images,
        Instant createdAt,
        @Schema(description = "the server certificate last issued in its TLS bundle; null if none")
        TlsCertificate tlsCertificate,
        @Schema(description = "the user who registered it") String owner,
        @Schema(description = "its owner's tags, sorted by key; empty when it has none") Map<String, String> tags) {

    Device {
        tags = (tags != null) ? tags : Map.of();
    }

    /**
     * A certificate issued for a device: what identifies it, never its key.
     *
     * @param serial      hexadecimal, as {@code openssl x509 -serial} shows it
     * @param fingerprint SHA-256 of the certificate, as {@code openssl x509 -fingerprint -sha256} shows it
     */
    record TlsCertificate(String serial, String fingerprint, Instant issuedAt, Instant expiresAt) {
    }

    Device withTags(Map<String, String> tags) {
        return new Device(this.id, this.name, this.address, this.port, this.dockerHost, this.insecure, this.state,
                this.lastSeen, this.architecture, this.platform, this.os, this.kernel, this.dockerVersion, this.cpus,
                this.memoryBytes, this.containers, this.images, this.createdAt, this.tlsCertificate, this.owner, tags);
    }

    /** The device as device-client describes it, for its exceptions and problem details. */
    io.iotdeploy.device.Device asEngineDevice() {
        return new io.iotdeploy.device.Device(this.id, this.name, this.address, this.port, this.dockerHost,
                this.state, this.architecture, this.platform, this.insecure, this.owner);
    }

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
