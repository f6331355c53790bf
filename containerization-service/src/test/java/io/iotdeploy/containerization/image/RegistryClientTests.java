package io.iotdeploy.containerization.image;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import io.iotdeploy.containerization.ContainerizationServiceProperties.RegistryLogin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The registry client's pushes, against a registry stand-in over HTTPS (the real one: the integration tests). */
class RegistryClientTests {

    private static final String PASSWORD = "builder-password-of-the-test";

    @TempDir
    static Path dir;

    private static InProcessRegistry registry;

    private static RegistryClient client;

    @BeforeAll
    static void registry() throws Exception {
        String builder = "Basic " + Base64.getEncoder()
            .encodeToString(("iotdeploy-builder:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        registry = new InProcessRegistry(InProcessRegistry.issueTls(dir.resolve("tls")), builder);
        client = new RegistryClient(Duration.ofSeconds(10), new RegistryCredentials(registry.address(),
                new RegistryLogin("iotdeploy-builder", PASSWORD, null)),
                BaseImageCommand.trusting(registry.caFile()));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aBlobIsPushedOnceAndThenFound() throws Exception {
        byte[] blob = "a blob of the test".getBytes(StandardCharsets.UTF_8);
        String digest = RegistryClient.sha256(blob);
        assertThat(client.hasBlob(registry.address(), "tests/blobs", digest)).isFalse();

        assertThat(client.pushBlob(registry.address(), "tests/blobs", digest,
                HttpRequest.BodyPublishers.ofByteArray(blob))).isTrue();

        assertThat(client.hasBlob(registry.address(), "tests/blobs", digest)).isTrue();
        assertThat(registry.blob(digest)).isEqualTo(blob);
        assertThat(client.pushBlob(registry.address(), "tests/blobs", digest,
                HttpRequest.BodyPublishers.ofByteArray(blob))).isFalse();
    }

    @Test
    void aBlobWhoseBytesAreNotItsDigestIsRefusedByTheRegistry() {
        String digest = RegistryClient.sha256("something else".getBytes(StandardCharsets.UTF_8));
        assertThatExceptionOfType(RegistryClient.ErrorAnswer.class)
            .isThrownBy(() -> client.pushBlob(registry.address(), "tests/blobs", digest,
                    HttpRequest.BodyPublishers.ofByteArray("a blob".getBytes(StandardCharsets.UTF_8))))
            .withMessageContaining("answered 400");
    }

    @Test
    void anUploadTheRegistrySendsToAnotherHostGetsNoCredentials() throws Exception {
        byte[] blob = "a blob for elsewhere".getBytes(StandardCharsets.UTF_8);
        registry.sendUploadsTo("127.0.0.2:1");
        try {
            assertThatExceptionOfType(RegistryClient.ErrorAnswer.class)
                .isThrownBy(() -> client.pushBlob(registry.address(), "tests/elsewhere", RegistryClient.sha256(blob),
                        HttpRequest.BodyPublishers.ofByteArray(blob)))
                .withMessageContaining("moved the upload for tests/elsewhere to https://127.0.0.2:1/v2/");
            registry.sendUploadsTo(registry.address());
            assertThat(client.pushBlob(registry.address(), "tests/elsewhere", RegistryClient.sha256(blob),
                    HttpRequest.BodyPublishers.ofByteArray(blob))).isTrue();
        }
        finally {
            registry.sendUploadsTo(null);
        }
    }

    @Test
    void aManifestIsPutUnderItsTagAndNamedByItsDigest() throws Exception {
        byte[] config = BaseImagePush.config("amd64", "sha256:" + "d".repeat(64));
        String configDigest = RegistryClient.sha256(config);
        client.pushBlob(registry.address(), "tests/manifests", configDigest,
                HttpRequest.BodyPublishers.ofByteArray(config));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + RegistryClient.DOCKER_MANIFEST
                + "\",\"config\":{\"mediaType\":\"" + BaseImagePush.DOCKER_IMAGE_CONFIG + "\",\"size\":"
                + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);

        String digest = client.putManifest(registry.address(), "tests/manifests", "1", RegistryClient.DOCKER_MANIFEST,
                manifest);

        assertThat(digest).isEqualTo(RegistryClient.sha256(manifest));
        RegistryClient.Manifest read = client.manifest(registry.address(), "tests/manifests", "1").orElseThrow();
        assertThat(read.mediaType()).isEqualTo(RegistryClient.DOCKER_MANIFEST);
        assertThat(read.digest()).isEqualTo(digest);
        assertThat(client.config(registry.address(), "tests/manifests", read.json()).path("architecture").asString())
            .isEqualTo("amd64");
    }

}
