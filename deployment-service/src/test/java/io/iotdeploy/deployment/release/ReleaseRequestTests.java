package io.iotdeploy.deployment.release;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import static io.iotdeploy.deployment.release.Releases.DIGEST_AMD64;
import static io.iotdeploy.deployment.release.Releases.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ReleaseRequestTests {

    private static final String IMAGE = REGISTRY + "/alice/sensor:1a2b3c4d5e6f7a8b";

    @Test
    void aCompleteRequestIsNormalized() {
        ReleaseRequest.NewRelease release = new ReleaseRequest(
                new ReleaseRequest.Artifact("SHA256:" + "A".repeat(64), 1234L, "JAR", null),
                Releases.settings("base/java:17"), IMAGE,
                List.of(new ReleaseRequest.Image("linux/arm64/v8", IMAGE + "-arm64", DIGEST_AMD64, null)),
                "  commit 1a2b3c  ", null)
            .check(REGISTRY, 10_000);

        assertThat(release.artifactSha256()).isEqualTo("a".repeat(64));
        assertThat(release.artifactKind()).isEqualTo("jar");
        assertThat(release.images()).containsExactly(new PlatformImage("linux/arm64", IMAGE + "-arm64", DIGEST_AMD64));
        assertThat(release.note()).isEqualTo("commit 1a2b3c");
        assertThat(release.image().toString()).isEqualTo(IMAGE);
    }

    @Test
    void everyMistakeIsListedWithItsField() {
        ReleaseRequest request = new ReleaseRequest(
                new ReleaseRequest.Artifact("abc", 0L, "zip", Map.of("name", "app.jar")),
                new ReleaseRequest.Settings(" ", List.of("echo a\nFROM evil"), List.of("1KEY=v"), List.of("8080"),
                        "mac vlan", null, List.of("NOT_A_CAP"), List.of("/etc/passwd"), List.of("relative:/x"), null,
                        null, null, null, null, null, null, Map.of("HostConfig", Map.of())),
                "docker.io/library/nginx:latest",
                List.of(new ReleaseRequest.Image("linux", IMAGE + "-amd64", "md5:1", null),
                        new ReleaseRequest.Image("linux/amd64", REGISTRY + "/bob/other:1", DIGEST_AMD64, null)),
                "x".repeat(201), Map.of("number", 7));

        ProblemDetail problem = invalid(request);

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getTitle()).isEqualTo("Invalid release");
        assertThat(fields(problem)).containsExactly("number", "artifact.sha256", "artifact.size", "artifact.kind",
                "artifact.name", "settings.baseImage", "settings.runCommands[0]", "settings.networkMode",
                "settings.devices", "settings.binds", "settings.capAdd", "settings.ports", "settings.env",
                "settings.HostConfig", "image", "images[0].platform", "images[0].digest", "note");
        assertThat(problem.getProperties()).containsEntry("field", "number");
        assertThat(problem.getDetail()).contains("'number' is not a field here").contains("abc").contains("zip")
            .contains("mac vlan").contains("/etc/passwd").contains("NOT_A_CAP").contains("'8080'").contains("1KEY=v")
            .contains("docker.io/library/nginx:latest").contains("md5:1").contains("201 characters");
    }

    @Test
    void requiredPartsAreNamedWhenMissing() {
        assertThat(fields(invalid(new ReleaseRequest(null, null, null, null, null, null))))
            .containsExactly("artifact", "settings", "image", "images");
    }

    @Test
    void theImageNamesItsTagAndEveryPlatformImageIsInItsRepositoryOnce() {
        assertThat(fields(invalid(new ReleaseRequest(artifact(), Releases.settings("base/java:17"),
                REGISTRY + "/alice/sensor", List.of(image("linux/amd64", IMAGE + "-amd64")), null, null))))
            .containsExactly("image");
        assertThat(fields(invalid(new ReleaseRequest(artifact(), Releases.settings("base/java:17"), IMAGE,
                List.of(image("linux/amd64", IMAGE + "-amd64"), image("linux/amd64", IMAGE + "-x"),
                        image("linux/arm64", REGISTRY + "/alice/other:1-arm64")),
                null, null))))
            .containsExactly("images[1].platform", "images[2].image");
    }

    @Test
    void aLookupHasTheArtifactAndTheSettingsOnly() {
        ReleaseRequest.Lookup lookup = new ReleaseRequest.Lookup(new ReleaseRequest.Artifact("a".repeat(64), null,
                null, null), Releases.settings("base/java:17"), Map.of("image", IMAGE));

        ProblemDetail problem = catchThrowableOfType(ErrorResponseException.class, lookup::check).getBody();

        assertThat(problem.getTitle()).isEqualTo("Invalid release lookup");
        assertThat(fields(problem)).containsExactly("image");
        assertThat(new ReleaseRequest.Lookup(new ReleaseRequest.Artifact("sha256:" + "a".repeat(64), null, null,
                null), Releases.settings("base/java:17"), null).check().identity())
            .isEqualTo(new ReleaseIdentity("a".repeat(64),
                    Releases.sha256("{\"baseImage\":\"base/java:17\"}".getBytes())));
    }

    @Test
    void aPlatformIsOsSlashArchitectureWithAnOptionalVariant() {
        for (String platform : List.of("linux", "linux/", "/amd64", "linux/amd64/v8/x", "Linux/AMD 64", "")) {
            assertThat(ReleaseRequest.platform(platform, "platform", new java.util.ArrayList<>())).as(platform)
                .isNull();
        }
        assertThat(ReleaseRequest.platform("Linux/ARM64/v8", "platform", List.of())).isEqualTo("linux/arm64");
        assertThat(ReleaseRequest.platform("linux/arm/v7", "platform", List.of())).isEqualTo("linux/arm/v7");
    }

    private static ReleaseRequest.Artifact artifact() {
        return new ReleaseRequest.Artifact("a".repeat(64), 10L, "war", null);
    }

    private static ReleaseRequest.Image image(String platform, String image) {
        return new ReleaseRequest.Image(platform, image, DIGEST_AMD64, null);
    }

    private static ProblemDetail invalid(ReleaseRequest request) {
        return catchThrowableOfType(ErrorResponseException.class, () -> request.check(REGISTRY, 10_000)).getBody();
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(ProblemDetail problem) {
        return ((List<Map<String, String>>) problem.getProperties().get("errors")).stream()
            .map((error) -> error.get("field"))
            .toList();
    }

}
