package io.iotdeploy.containerization.image;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BaseImagePushTests {

    private static final String DIFF_ID = "sha256:" + "d".repeat(64);

    @Test
    void theConfigSaysLinuxArchitectureAndJava17() {
        JsonNode config = JsonMapper.shared().readTree(BaseImagePush.config("arm64", DIFF_ID));

        assertThat(config.path("architecture").asString()).isEqualTo("arm64");
        assertThat(config.path("os").asString()).isEqualTo("linux");
        assertThat(config.has("variant")).isFalse();
        assertThat(config.path("created").asString()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(strings(config.path("config").path("Env"))).containsExactly(
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8",
                "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-arm64");
        assertThat(strings(config.path("config").path("Cmd"))).containsExactly("java", "-version");
        assertThat(config.path("config").path("Labels").path("org.opencontainers.image.description").asString())
            .isEqualTo("Debian bookworm with OpenJDK 17, made from Debian packages");
        assertThat(config.path("rootfs").path("type").asString()).isEqualTo("layers");
        assertThat(strings(config.path("rootfs").path("diff_ids"))).containsExactly(DIFF_ID);
        assertThat(config.path("history").get(0).path("created_by").asString())
            .isEqualTo("debootstrap --variant=minbase bookworm");
    }

    @Test
    void theConfigIsTheSameDocumentForTheSameLayerWithItsKeysSorted() {
        byte[] config = BaseImagePush.config("amd64", DIFF_ID);
        assertThat(BaseImagePush.config("amd64", DIFF_ID)).isEqualTo(config);
        List<String> keys = new ArrayList<>(JsonMapper.shared().readTree(config).propertyNames());
        assertThat(keys).isSorted();
        assertThat(new String(config, StandardCharsets.UTF_8))
            .startsWith("{\"architecture\":\"amd64\",\"config\":{\"Cmd\"");
    }

    @Test
    void theManifestNamesTheConfigAndTheOneLayerBySizeAndDigest() {
        byte[] config = BaseImagePush.config("amd64", DIFF_ID);
        BaseImageLayer layer = new BaseImageLayer(Path.of("layer.tar.gz"), "sha256:" + "e".repeat(64), DIFF_ID,
                123_456_789L);

        JsonNode manifest = JsonMapper.shared().readTree(BaseImagePush.manifest(config, layer));

        assertThat(manifest.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(manifest.path("mediaType").asString()).isEqualTo(RegistryClient.DOCKER_MANIFEST);
        assertThat(manifest.path("config").path("mediaType").asString())
            .isEqualTo("application/vnd.docker.container.image.v1+json");
        assertThat(manifest.path("config").path("size").asLong()).isEqualTo(config.length);
        assertThat(manifest.path("config").path("digest").asString()).isEqualTo(RegistryClient.sha256(config));
        assertThat(manifest.path("layers")).hasSize(1);
        JsonNode only = manifest.path("layers").get(0);
        assertThat(only.path("mediaType").asString()).isEqualTo("application/vnd.docker.image.rootfs.diff.tar.gzip");
        assertThat(only.path("size").asLong()).isEqualTo(123_456_789L);
        assertThat(only.path("digest").asString()).isEqualTo(layer.digest());
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.values().forEach((value) -> strings.add(value.asString()));
        return strings;
    }

}
