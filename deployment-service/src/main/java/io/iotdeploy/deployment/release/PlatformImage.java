package io.iotdeploy.deployment.release;

/**
 * A release's image for one platform.
 *
 * @param platform {@code os/architecture[/variant]} as registries name it: {@code linux/amd64}, {@code linux/arm64}
 * @param image    the platform's own tag beside the multi-architecture tag, {@code …/alice/sensor:1a2b…-arm64}
 * @param digest   its manifest digest, {@code sha256:…}
 */
record PlatformImage(String platform, String image, String digest) {
}
