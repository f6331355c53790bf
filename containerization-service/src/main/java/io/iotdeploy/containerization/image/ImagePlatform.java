package io.iotdeploy.containerization.image;

import java.util.Comparator;
import java.util.Objects;

/**
 * A platform as registries and manifest lists name it: {@code os/architecture[/variant]}, GOARCH names
 * ({@code amd64}, {@code arm64}).
 *
 * @param variant {@code null} when the platform has none
 */
record ImagePlatform(String os, String architecture, String variant) {

    static final Comparator<ImagePlatform> ORDER = Comparator.comparing(ImagePlatform::os)
        .thenComparing(ImagePlatform::architecture)
        .thenComparing((platform) -> Objects.requireNonNullElse(platform.normalizedVariant(), ""));

    /** @param platform e.g. {@code linux/amd64} or {@code linux/arm/v7} */
    static ImagePlatform parse(String platform) {
        String[] parts = platform.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            throw new IllegalArgumentException("not a platform: " + platform);
        }
        return new ImagePlatform(parts[0], parts[1], (parts.length == 3) ? parts[2] : null);
    }

    /**
     * Whether both name the same platform. An arm64 image without a variant is the same as one with {@code v8},
     * the only arm64 variant, as the Docker Engine and jib treat it.
     */
    boolean sameAs(ImagePlatform other) {
        return this.os.equals(other.os) && this.architecture.equals(other.architecture)
                && Objects.equals(normalizedVariant(), other.normalizedVariant());
    }

    /** The suffix of the platform's own tag beside the multi-architecture tag, e.g. {@code arm64}, {@code arm-v7}. */
    String tagSuffix() {
        return (this.variant != null) ? this.architecture + "-" + this.variant : this.architecture;
    }

    private String normalizedVariant() {
        return ("arm64".equals(this.architecture) && "v8".equals(this.variant)) ? null : this.variant;
    }

    @Override
    public String toString() {
        return this.os + "/" + this.architecture + ((this.variant != null) ? "/" + this.variant : "");
    }

}
