package io.iotdeploy.web.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageReferenceLimitsTests {

    @Test
    void referencesWithinTheLimitsPass() {
        assertThat(ImageReferenceLimits.mistake("base/java:17")).isEmpty();
        assertThat(ImageReferenceLimits.mistake("debian")).isEmpty();
        assertThat(ImageReferenceLimits.mistake("10.77.0.1:5000/alice/app")).isEmpty();
        assertThat(ImageReferenceLimits.mistake("10.77.0.1:5000/alice/app:1.0_rc-2")).isEmpty();
        assertThat(ImageReferenceLimits.mistake("base/java@sha256:" + "a".repeat(64))).isEmpty();
        assertThat(ImageReferenceLimits.mistake("base/java:17@sha512:" + "0".repeat(128))).isEmpty();
        assertThat(ImageReferenceLimits.mistake("a".repeat(255) + ":" + "t".repeat(128))).isEmpty();
    }

    @Test
    void theNameIsAtMost255CharactersRegistryIncluded() {
        assertThat(ImageReferenceLimits.mistake("a".repeat(256))).get().asString()
            .startsWith("the image name '" + "a".repeat(40) + "…' has 256 characters")
            .contains("at most 255");
        assertThat(ImageReferenceLimits.mistake("10.77.0.1:5000/" + "a".repeat(241) + ":17")).get().asString()
            .contains("has 256 characters");
    }

    @Test
    void aTagIsAtMost128WordCharactersDotsAndDashesNotStartingWithEither() {
        assertThat(ImageReferenceLimits.mistake("base/java:" + "1".repeat(129))).get().asString()
            .contains("(129 characters) is not a Docker tag: 1 to 128");
        assertThat(ImageReferenceLimits.mistake("base/java:.hidden")).isPresent();
        assertThat(ImageReferenceLimits.mistake("base/java:-x")).isPresent();
        assertThat(ImageReferenceLimits.mistake("base/java:")).isPresent();
        assertThat(ImageReferenceLimits.mistake("base/java:1 2")).isPresent();
    }

    @Test
    void aDigestIsSha256OrSha512() {
        assertThat(ImageReferenceLimits.mistake("base/java@sha256:" + "a".repeat(2048))).get().asString()
            .contains("is not one: sha256: and 64 lower-case hex digits");
        assertThat(ImageReferenceLimits.mistake("base/java@md5:" + "a".repeat(32))).isPresent();
    }

}
