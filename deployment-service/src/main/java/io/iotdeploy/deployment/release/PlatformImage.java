package io.iotdeploy.deployment.release;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A release's image for one platform.
 *
 * @param platform {@code os/architecture[/variant]} as registries name it: {@code linux/amd64}, {@code linux/arm64}
 * @param image    the platform's own tag beside the multi-architecture tag, {@code …/alice/sensor:1a2b…-arm64}
 * @param digest   its manifest digest, {@code sha256:…}
 */
record PlatformImage(@Schema(description = "os/architecture[/variant], linux/arm64") String platform,
        @Schema(description = "the platform's own tag beside the multi-architecture tag") String image,
        @Schema(description = "its manifest digest, sha256:<hex>") String digest) {
}
