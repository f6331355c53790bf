package io.iotdeploy.system.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.github.dockerjava.api.DockerClient;
import io.iotdeploy.device.DockerEngines;
import io.iotdeploy.device.EngineConnection;
import io.iotdeploy.device.EngineTls;
import io.iotdeploy.device.TestPki;
import io.iotdeploy.device.TestWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 7, items 1 and 2, against the real world: every device's Docker Engine answers only a client with a
 * certificate of the platform CA, and the private registry serves TLS with a platform-CA certificate and wants
 * credentials: anonymous catalog, pull and push get 401, the devices' user may pull only, the builder may push.
 * Both are checked with a client that trusts the platform CA alone, so a certificate from anywhere else fails too.
 */
class DeviceAndRegistryTlsIntegrationTests {

    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static TestWorld world;

    /** HTTPS that trusts only the platform CA: the registry must show a certificate of it. */
    private static HttpClient platformHttps;

    private static String repository;

    private static String pushedDigest;

    @TempDir
    Path dir;

    @BeforeAll
    static void world() throws Exception {
        world = TestWorld.load();
        platformHttps = HttpClient.newBuilder()
            .sslContext(trustOnly(world.pkiDir().resolve("ca.pem")))
            .connectTimeout(TIMEOUT)
            .build();
        repository = "tls-check/empty-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> pushed = pushEmptyImage(world.registryAuthorization("builder"), repository, "v1");
        assertThat(pushed.statusCode()).as("the builder pushes: " + pushed.body()).isEqualTo(201);
        pushedDigest = pushed.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    static List<TestWorld.Device> tlsDevices() {
        return TestWorld.load().devices().stream().filter(TestWorld.Device::tls).toList();
    }

    // --- item 1: devices

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsDevices")
    void theDeviceAnswersThePlatformsClientCertificate(TestWorld.Device device) {
        try (DockerClient docker = world.control(device)) {
            assertThat(docker.infoCmd().exec().getName()).isEqualTo(device.name());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsDevices")
    void aClientWithoutACertificateGetsNoAnswer(TestWorld.Device device) throws Exception {
        HttpClient noCertificate = HttpClient.newBuilder()
            .sslContext(trustOnly(world.pkiDir().resolve("ca.pem")))
            .connectTimeout(TIMEOUT)
            .build();

        Throwable failure = catchThrowable(() -> noCertificate.send(HttpRequest.newBuilder(engineUri(device, "/info"))
            .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()));

        assertThat(failure).as("GET /info without a client certificate on " + device.name())
            .isInstanceOf(IOException.class);
        HostileInputs.record(getClass(), "GET /info on " + device.name() + " without a client certificate",
                "no answer: " + failure.getClass().getSimpleName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsDevices")
    void aClientCertificateFromAnotherCaIsRefused(TestWorld.Device device) {
        // the intruder trusts the platform CA (so it is the device that refuses) but shows a certificate of its own CA
        Path intruder = TestPki.newCa("intruder").issueClient(this.dir.resolve("intruder"), "iotdeploy-platform");
        copy(world.pkiDir().resolve("ca.pem"), intruder.resolve("ca.pem"));

        Throwable failure = catchThrowable(() -> {
            try (DockerClient docker = DockerEngines.connect(EngineConnection.control(device.dockerHost(),
                    EngineTls.fromDirectory(intruder)))) {
                docker.infoCmd().exec();
            }
        });

        assertThat(failure).as("GET /info with another CA's client certificate on " + device.name()).isNotNull();
        assertThat(DockerEngines.isUnreachable(failure)).as("refused in the TLS handshake: " + failure).isTrue();
        HostileInputs.record(getClass(), "GET /info on " + device.name() + " with a client certificate of another CA",
                "refused: " + rootCause(failure));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsDevices")
    void aDeviceWhoseCertificateIsFromAnotherCaIsNotTrusted(TestWorld.Device device) {
        // the platform's client certificate, but a client that trusts another CA: the device's certificate fails
        Path other = TestPki.newCa("another CA").issueClient(this.dir.resolve("other"), "someone");
        copy(world.engineTls().certFile(), other.resolve("cert.pem"));
        copy(world.engineTls().keyFile(), other.resolve("key.pem"));

        Throwable failure = catchThrowable(() -> {
            try (DockerClient docker = DockerEngines.connect(EngineConnection.control(device.dockerHost(),
                    EngineTls.fromDirectory(other)))) {
                docker.pingCmd().exec();
            }
        });

        assertThat(failure).isNotNull();
        assertThat(DockerEngines.isUnreachable(failure)).as(String.valueOf(failure)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsDevices")
    void plainHttpOnTheTlsPortIsNoApi(TestWorld.Device device) throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> answer = plain.send(HttpRequest.newBuilder(URI.create("http://" + device.address() + ":"
                + device.apiPort() + "/info")).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain("\"Architecture\"").contains("HTTPS");
        HostileInputs.record(getClass(), "plain HTTP GET /info on " + device.name() + ":" + device.apiPort(),
                String.valueOf(answer.statusCode()));
    }

    @Test
    void noDeviceServesThePlainPort() {
        for (TestWorld.Device device : tlsDevices()) {
            if (device.appPorts() != null) {
                continue; // a VM behind forwards: only its one forwarded port exists on the host
            }
            Throwable failure = catchThrowable(() -> HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                .send(HttpRequest.newBuilder(URI.create("http://" + device.address() + ":2375/_ping")).timeout(TIMEOUT)
                    .build(), HttpResponse.BodyHandlers.ofString()));
            assertThat(failure).as(device.name() + ":2375").isInstanceOf(ConnectException.class);
            HostileInputs.record(getClass(), "plain TCP " + device.address() + ":2375 (" + device.name() + ")",
                    "connection refused");
        }
    }

    // --- item 2: the registry

    @Test
    void anonymousCatalogPullAndPushAreRefused() throws Exception {
        assertRefused(null, "GET", "/v2/_catalog", 401, "anonymous catalog");
        assertRefused(null, "GET", "/v2/" + repository + "/manifests/v1", 401, "anonymous pull (manifest)");
        assertRefused(null, "GET", "/v2/" + repository + "/blobs/" + pushedDigest, 401, "anonymous pull (blob)");
        assertRefused(null, "POST", "/v2/" + repository + "/blobs/uploads/", 401, "anonymous push (blob upload)");
        assertRefused(null, "GET", "/v2/", 401, "anonymous API check");
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        String wrong = "Basic " + java.util.Base64.getEncoder()
            .encodeToString("iotdeploy-builder:not-the-password".getBytes(StandardCharsets.UTF_8));
        assertRefused(wrong, "GET", "/v2/" + repository + "/manifests/v1", 401, "builder with a wrong password");
    }

    @Test
    void theDevicesUserPullsARealManifest() throws Exception {
        HttpResponse<String> manifest = registry(world.registryAuthorization("device"), "GET",
                "/v2/" + repository + "/manifests/v1");

        assertThat(manifest.statusCode()).as(manifest.body()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(pushedDigest);
        assertThat(sha256(manifest.body())).isEqualTo(pushedDigest);
    }

    @Test
    void theDevicesUserCannotPushDeleteOrListTheCatalog() throws Exception {
        String device = world.registryAuthorization("device");
        assertRefused(device, "POST", "/v2/" + repository + "/blobs/uploads/", 401, "device user push (blob upload)");
        assertRefused(device, "PUT", "/v2/" + repository + "/manifests/v2", 401, "device user push (manifest)");
        assertRefused(device, "DELETE", "/v2/" + repository + "/manifests/" + pushedDigest, 401,
                "device user delete");
        assertRefused(device, "GET", "/v2/_catalog", 401, "device user catalog");
        // and what it did not push is not there
        assertThat(registry(world.registryAuthorization("builder"), "GET", "/v2/" + repository + "/manifests/v2")
            .statusCode()).isEqualTo(404);
    }

    @Test
    void theBuilderPushesAndListsTheCatalog() throws Exception {
        HttpResponse<String> pushed = pushEmptyImage(world.registryAuthorization("builder"), repository, "v3");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);

        HttpResponse<String> catalog = registry(world.registryAuthorization("builder"), "GET", "/v2/_catalog?n=1000&last=tls-check/");
        assertThat(catalog.statusCode()).isEqualTo(200);
        assertThat(catalog.body()).contains("\"" + repository + "\"");
    }

    @Test
    void plainHttpToTheRegistryIsNoApi() throws Exception {
        HttpResponse<String> answer = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
            .send(HttpRequest.newBuilder(URI.create("http://" + world.privateRegistry() + "/v2/_catalog"))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain("repositories");
        HostileInputs.record(getClass(), "plain HTTP GET /v2/_catalog on the registry",
                String.valueOf(answer.statusCode()));
    }

    @Test
    void theUpstreamRegistryIsReadAnonymouslyButNotWrittenOrListed() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> manifest = client.send(HttpRequest.newBuilder(
                URI.create("https://" + world.upstreamRegistry() + "/v2/base/java/manifests/17"))
            .header("Accept", "application/vnd.docker.distribution.manifest.list.v2+json")
            .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(manifest.statusCode()).as(manifest.body()).isEqualTo(200);
        String[][] refused = { { "POST", "/v2/base/java/blobs/uploads/", "anonymous push to upstream (blob upload)" },
                { "PUT", "/v2/base/java/manifests/17", "anonymous overwrite of upstream base/java:17" },
                { "DELETE", "/v2/base/java/manifests/17", "anonymous delete on upstream" },
                { "GET", "/v2/_catalog", "anonymous catalog of upstream" } };
        for (String[] attempt : refused) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                    URI.create("https://" + world.upstreamRegistry() + attempt[1]))
                .timeout(TIMEOUT)
                .method(attempt[0], attempt[0].equals("GET") || attempt[0].equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(attempt[2] + ": " + answer.body()).isEqualTo(401);
            HostileInputs.record(getClass(), "registry: " + attempt[2], String.valueOf(answer.statusCode()));
        }
    }

    // --- helpers

    private void assertRefused(String authorization, String method, String path, int status, String input)
            throws Exception {
        HttpResponse<String> answer = registry(authorization, method, path);
        assertThat(answer.statusCode()).as(input + ": " + method + " " + path + " -> " + answer.body())
            .isEqualTo(status);
        assertThat(answer.headers().firstValue("Docker-Distribution-Api-Version")).contains("registry/2.0");
        HostileInputs.record(getClass(), "registry: " + input, String.valueOf(answer.statusCode()));
    }

    private static HttpResponse<String> registry(String authorization, String method, String path)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(world.privateRegistryUri(path))
            .timeout(TIMEOUT)
            .header("Accept", DOCKER_MANIFEST)
            .method(method, method.equals("PUT") || method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return platformHttps.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Pushes a config blob and a manifest without layers, as docker push would; the manifest PUT's answer. */
    private static HttpResponse<String> pushEmptyImage(String authorization, String repository, String tag)
            throws IOException, InterruptedException {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
        String configDigest = sha256(config);
        HttpResponse<String> started = platformHttps.send(HttpRequest.newBuilder(world.privateRegistryUri("/v2/"
                + repository + "/blobs/uploads/"))
            .header("Authorization", authorization)
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            return started;
        }
        URI location = URI.create(started.headers().firstValue("Location").orElseThrow());
        URI upload = world.privateRegistryUri(location.getRawPath() + "?" + ((location.getRawQuery() != null)
                ? location.getRawQuery() + "&" : "") + "digest=" + configDigest);
        HttpResponse<String> blob = platformHttps.send(HttpRequest.newBuilder(upload)
            .header("Authorization", authorization)
            .header("Content-Type", "application/octet-stream")
            .timeout(TIMEOUT)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(config))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (blob.statusCode() != 201) {
            return blob;
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length + ",\"digest\":\""
                + configDigest + "\"},\"layers\":[]}";
        return platformHttps.send(HttpRequest.newBuilder(world.privateRegistryUri("/v2/" + repository + "/manifests/"
                + tag))
            .header("Authorization", authorization)
            .header("Content-Type", DOCKER_MANIFEST)
            .timeout(TIMEOUT)
            .PUT(HttpRequest.BodyPublishers.ofString(manifest))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI engineUri(TestWorld.Device device, String path) {
        return URI.create("https://" + device.address() + ":" + device.apiPort() + path);
    }

    private static SSLContext trustOnly(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            int i = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, ca);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

}
