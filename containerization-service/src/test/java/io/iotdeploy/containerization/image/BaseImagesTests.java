package io.iotdeploy.containerization.image;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BaseImagesTests {

    private static final String UPSTREAM = "10.77.0.1:5001";

    @ParameterizedTest
    @CsvSource({
            "base/java:17, 10.77.0.1:5001/base/java:17",
            "debian, 10.77.0.1:5001/debian",
            "debian:bookworm, 10.77.0.1:5001/debian:bookworm",
            "library/debian:12, 10.77.0.1:5001/library/debian:12",
            "'  base/java:17 ', 10.77.0.1:5001/base/java:17",
            "10.77.0.1:5000/admin/app:1, 10.77.0.1:5000/admin/app:1",
            "registry.example.org/team/java:17, registry.example.org/team/java:17",
            "localhost/java:17, localhost/java:17",
            "localhost:5000/java, localhost:5000/java",
            "base/java@sha256:0123456789012345678901234567890123456789012345678901234567890123, "
                    + "10.77.0.1:5001/base/java@sha256:0123456789012345678901234567890123456789012345678901234567890123" })
    void resolvesAgainstTheUpstreamRegistryUnlessARegistryHostIsNamed(String written, String resolved) {
        assertThat(BaseImages.resolve(written, UPSTREAM)).hasToString(resolved);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Base/Java:17", "base/java:", "base//java", "base/java:17:18", "-base/java",
            "base/java:17\nFROM scratch", "base java" })
    void refusesMalformedReferencesNamingThem(String written) {
        assertThatExceptionOfType(ImageBuildException.class).isThrownBy(() -> BaseImages.resolve(written, UPSTREAM))
            .satisfies((ex) -> {
                assertThat(ex.status().value()).isEqualTo(400);
                assertThat(ex.step()).isEqualTo("upload");
                assertThat(ex.image()).isEqualTo(written.strip());
                assertThat(ex.getMessage()).contains("'" + written.strip() + "'");
            });
    }

    private static final String PRIVATE = "10.77.0.1:5000";

    @ParameterizedTest
    @ValueSource(strings = { "base/java:17", "10.77.0.1:5001/base/java:17", "10.77.0.1:5000/alice/sensor:1" })
    void basesComeFromUpstreamOrTheCallersOwnRepositories(String written) {
        assertThat(BaseImages.resolve(written, UPSTREAM, PRIVATE, "alice").toString()).endsWith(written);
    }

    @ParameterizedTest
    @ValueSource(strings = { "10.77.0.1:5000/bob/sensor:1", "10.77.0.1:5000/alicex/sensor:1",
            "10.77.0.1:5000/base/java:17" })
    void anotherUsersRepositoryIsNotFound(String written) {
        assertThatExceptionOfType(ImageBuildException.class)
            .isThrownBy(() -> BaseImages.resolve(written, UPSTREAM, PRIVATE, "alice"))
            .satisfies((ex) -> assertThat(ex.status().value()).isEqualTo(404));
    }

    @ParameterizedTest
    @ValueSource(strings = { "169.254.169.254/latest/meta:1", "127.0.0.1:8081/users:1", "localhost:8085/x",
            "localhost/java:17", "registry.example.org/team/java:17", "10.77.0.1:5002/base/java:17", "[::1]:8080/x:1" })
    void anyOtherRegistryIsRefusedBeforeItIsAsked(String written) {
        assertThatExceptionOfType(ImageBuildException.class)
            .isThrownBy(() -> BaseImages.resolve(written, UPSTREAM, PRIVATE, "alice"))
            .satisfies((ex) -> {
                assertThat(ex.status().value()).isIn(400, 422);
                assertThat(ex.image()).isEqualTo(written);
            });
    }

}
