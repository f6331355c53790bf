package io.iotdeploy.containerization.image;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestListTests {

    private static final String AMD64_DIGEST = "sha256:" + "a".repeat(64);

    private static final String ARM64_DIGEST = "sha256:" + "b".repeat(64);

    private static final ImagePlatform AMD64 = ImagePlatform.parse("linux/amd64");

    private static final ImagePlatform ARM64 = ImagePlatform.parse("linux/arm64");

    @Test
    void aPlatformsEntryIsAddedAndTheOthersStayAsTheyWere() {
        JsonNode arm64 = JsonMapper.shared().readTree("""
                {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":583,"digest":"%s",
                 "platform":{"architecture":"arm64","os":"linux","variant":"v8"},"annotations":{"kept":"yes"}}
                """.formatted(ARM64_DIGEST));
        ManifestList list = ManifestList.EMPTY.with(arm64)
            .with(ManifestList.entry(RegistryClient.DOCKER_MANIFEST, 527, AMD64_DIGEST, AMD64));

        assertThat(list.platforms()).containsExactly("linux/amd64", "linux/arm64/v8");
        assertThat(list.entryFor(ARM64)).contains(arm64);
        assertThat(list.hasDigest(AMD64_DIGEST)).isTrue();
        JsonNode json = JsonMapper.shared().readTree(list.toJson());
        assertThat(json.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(json.path("mediaType").asString()).isEqualTo(RegistryClient.DOCKER_MANIFEST_LIST);
        JsonNode amd64 = json.path("manifests").get(0);
        assertThat(amd64.path("mediaType").asString()).isEqualTo(RegistryClient.DOCKER_MANIFEST);
        assertThat(amd64.path("size").asLong()).isEqualTo(527);
        assertThat(amd64.path("digest").asString()).isEqualTo(AMD64_DIGEST);
        assertThat(amd64.path("platform").path("os").asString()).isEqualTo("linux");
        assertThat(amd64.path("platform").path("architecture").asString()).isEqualTo("amd64");
        assertThat(amd64.path("platform").has("variant")).isFalse();
        assertThat(json.path("manifests").get(1).path("annotations").path("kept").asString()).isEqualTo("yes");
    }

    @Test
    void aNewImageOfAPlatformReplacesItsOldEntry() {
        String newer = "sha256:" + "c".repeat(64);
        ManifestList list = ManifestList.EMPTY
            .with(ManifestList.entry(RegistryClient.DOCKER_MANIFEST, 527, AMD64_DIGEST, AMD64))
            .with(ManifestList.entry(RegistryClient.DOCKER_MANIFEST, 583, ARM64_DIGEST, ARM64))
            .with(ManifestList.entry(RegistryClient.OCI_MANIFEST, 600, newer, ImagePlatform.parse("linux/arm64/v8")));
        assertThat(list.manifests()).hasSize(2);
        assertThat(list.hasDigest(ARM64_DIGEST)).isFalse();
        assertThat(ManifestList.digestOf(list.entryFor(ARM64).orElseThrow())).isEqualTo(newer);
    }

    @Test
    void theOrderOfArrivalDoesNotChangeTheList() {
        JsonNode amd64 = ManifestList.entry(RegistryClient.DOCKER_MANIFEST, 527, AMD64_DIGEST, AMD64);
        JsonNode arm64 = ManifestList.entry(RegistryClient.DOCKER_MANIFEST, 583, ARM64_DIGEST, ARM64);
        assertThat(ManifestList.EMPTY.with(arm64).with(amd64).toJson())
            .isEqualTo(ManifestList.EMPTY.with(amd64).with(arm64).toJson());
        assertThat(ManifestList.EMPTY.with(arm64).with(amd64).sameAs(ManifestList.EMPTY.with(amd64).with(arm64)))
            .isTrue();
        assertThat(ManifestList.EMPTY.with(amd64).sameAs(ManifestList.EMPTY.with(arm64))).isFalse();
    }

    @Test
    void aListReadFromTheRegistryIsTheSameDocumentAsTheOneWritten() {
        ManifestList written = ManifestList.EMPTY
            .with(ManifestList.entry(RegistryClient.DOCKER_MANIFEST, 527, AMD64_DIGEST, AMD64));
        ManifestList read = ManifestList.of(JsonMapper.shared().readTree(written.toJson()));
        assertThat(read.sameAs(written)).isTrue();
    }

    @Test
    void anImagesEntryHasThePlatformItsConfigNames() {
        byte[] body = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        RegistryClient.Manifest image = new RegistryClient.Manifest(RegistryClient.DOCKER_MANIFEST, body,
                RegistryClient.sha256(body));

        JsonNode entry = ManifestList.entry(image, JsonMapper.shared()
            .readTree("{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v7\"}")).orElseThrow();

        assertThat(entry.path("mediaType").asString()).isEqualTo(RegistryClient.DOCKER_MANIFEST);
        assertThat(entry.path("size").asLong()).isEqualTo(body.length);
        assertThat(ManifestList.digestOf(entry)).isEqualTo(RegistryClient.sha256(body));
        assertThat(ManifestList.platformOf(entry)).hasToString("linux/arm/v7");
        assertThat(ManifestList.entry(image, JsonMapper.shared().readTree("{\"architecture\":\"amd64\"}")))
            .isEmpty();
    }

    @Test
    void platformsCompareAsEnginesDo() {
        assertThat(ARM64.sameAs(ImagePlatform.parse("linux/arm64/v8"))).isTrue();
        assertThat(ImagePlatform.parse("linux/arm/v7").sameAs(ImagePlatform.parse("linux/arm/v6"))).isFalse();
        assertThat(AMD64.sameAs(ARM64)).isFalse();
        assertThat(ImagePlatform.parse("linux/arm/v7").tagSuffix()).isEqualTo("arm-v7");
        assertThat(ImagePlatform.parse("linux/arm/v7")).hasToString("linux/arm/v7");
    }

}
