package io.iotdeploy.machine.device;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.iotdeploy.device.EngineTls;
import io.iotdeploy.device.TestPki;
import io.iotdeploy.token.InternalTokens;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Onboarding a device for TLS: the bundle its owner downloads (a certificate of the platform CA for the device's
 * address, its key, the dockerd settings, install.sh), and a real TLS handshake with it: an in-JVM "engine" serves
 * the bundle's certificate and requires the platform's client certificate, as dockerd with {@code --tlsverify} does.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "iotdeploy.devices.address-rules.allowed-networks=127.0.0.0/8,::1/128")
@AutoConfigureRestTestClient
class DeviceTlsTests {

    private static final String INFO = """
            {"Name": "fake-pi", "Architecture": "aarch64", "OperatingSystem": "Debian GNU/Linux 12 (bookworm)",
             "KernelVersion": "6.1.0-rpi7-rpi-v8", "ServerVersion": "20.10.24", "NCPU": 4, "MemTotal": 3980000000,
             "Containers": 2, "Images": 3}""";

    private static final TestPlatformPki pki = TestPlatformPki.get();

    private final RestTestClient client;

    private final InternalTokens tokens;

    @Autowired
    DeviceTlsTests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    @Test
    void theBundleHoldsACertificateOfThePlatformCaForTheDevicesAddressAndItsKey() throws Exception {
        String alice = user();
        Device device = register(alice, Map.of("name", "pi-kitchen", "address", "127.0.0.1", "port", closedPort()));

        EntityExchangeResult<byte[]> download = bundle(alice, device.id());
        assertThat(download.getResponseHeaders().getContentType()).hasToString("application/gzip");
        assertThat(download.getResponseHeaders().getFirst("Content-Disposition"))
            .isEqualTo("attachment; filename=\"iotdeploy-tls-pi-kitchen.tar.gz\"");
        assertThat(download.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
        Map<String, Entry> files = untar(download.getResponseBody());
        assertThat(files).containsOnlyKeys("iotdeploy-tls-pi-kitchen/", "iotdeploy-tls-pi-kitchen/README.txt",
                "iotdeploy-tls-pi-kitchen/install.sh", "iotdeploy-tls-pi-kitchen/daemon.json",
                "iotdeploy-tls-pi-kitchen/ca.pem", "iotdeploy-tls-pi-kitchen/cert.pem",
                "iotdeploy-tls-pi-kitchen/key.pem");
        assertThat(files.get("iotdeploy-tls-pi-kitchen/key.pem").mode()).isEqualTo(0600);
        assertThat(files.get("iotdeploy-tls-pi-kitchen/install.sh").mode()).isEqualTo(0755);

        X509Certificate certificate = certificate(files.get("iotdeploy-tls-pi-kitchen/cert.pem").text());
        certificate.verify(pki.ca().getPublicKey());
        certificate.checkValidity();
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(pki.ca().getSubjectX500Principal());
        // the address, and whose device it is: another user's registration of it is refused at connect time
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"),
                List.of(6, "urn:iotdeploy:owner:" + alice));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(keyMatches(files.get("iotdeploy-tls-pi-kitchen/key.pem").text(), certificate)).isTrue();
        assertThat(certificate(files.get("iotdeploy-tls-pi-kitchen/ca.pem").text())).isEqualTo(pki.ca());

        JsonNode daemon = JsonMapper.builder().build().readTree(files.get("iotdeploy-tls-pi-kitchen/daemon.json").text());
        assertThat(daemon.get("tlsverify").asBoolean()).isTrue();
        assertThat(daemon.get("hosts").toString()).contains("\"tcp://0.0.0.0:" + device.port() + "\"")
            .contains("\"unix:///var/run/docker.sock\"");
        assertThat(daemon.get("tlscacert").asString()).isEqualTo("/etc/docker/iotdeploy/ca.pem");
        assertThat(daemon.get("tlskey").asString()).isEqualTo("/etc/docker/iotdeploy/key.pem");

        Device.TlsCertificate recorded = get(alice, device.id()).tlsCertificate();
        assertThat(recorded.serial()).isEqualTo(certificate.getSerialNumber().toString(16).toUpperCase());
        assertThat(recorded.fingerprint()).isEqualTo(PlatformCertificateAuthority.fingerprint(certificate));
        assertThat(recorded.expiresAt()).isEqualTo(certificate.getNotAfter().toInstant());
        assertThat(recorded.expiresAt()).isAfter(recorded.issuedAt().plus(Duration.ofDays(824)));

        Map<String, Entry> again = untar(bundle(alice, device.id()).getResponseBody());
        X509Certificate second = certificate(again.get("iotdeploy-tls-pi-kitchen/cert.pem").text());
        assertThat(second.getSerialNumber()).as("every download is a new certificate")
            .isNotEqualTo(certificate.getSerialNumber());
        assertThat(again.get("iotdeploy-tls-pi-kitchen/key.pem").text())
            .isNotEqualTo(files.get("iotdeploy-tls-pi-kitchen/key.pem").text());
        assertThat(get(alice, device.id()).tlsCertificate().serial())
            .isEqualTo(second.getSerialNumber().toString(16).toUpperCase());
    }

    @Test
    void aNameGetsADnsNameAndAnIpv6LiteralAnIpAddress() throws Exception {
        String alice = user();
        Device named = register(alice, Map.of("address", "localhost", "port", closedPort()));
        Device ipv6 = register(alice, Map.of("name", "v6", "address", "::1", "port", closedPort()));

        Map<String, Entry> namedFiles = untar(bundle(alice, named.id()).getResponseBody());
        String folder = "iotdeploy-tls-" + named.name() + "/";
        assertThat(certificate(namedFiles.get(folder + "cert.pem").text()).getSubjectAlternativeNames())
            .containsExactly(List.of(2, "localhost"), List.of(6, "urn:iotdeploy:owner:" + alice));

        Map<String, Entry> ipv6Files = untar(bundle(alice, ipv6.id()).getResponseBody());
        assertThat(certificate(ipv6Files.get("iotdeploy-tls-v6/cert.pem").text()).getSubjectAlternativeNames())
            .containsExactly(List.of(7, "0:0:0:0:0:0:0:1"), List.of(6, "urn:iotdeploy:owner:" + alice));
        assertThat(ipv6Files.get("iotdeploy-tls-v6/daemon.json").text()).contains("\"tcp://[::]:" + ipv6.port() + "\"");
    }

    @Test
    void anotherUsersDeviceHasNoBundle() throws IOException {
        Device device = register(user(), Map.of("address", "127.0.0.1", "port", closedPort()));

        this.client.get().uri("/devices/{id}/tls-bundle", device.id()).header("Authorization", bearer(user()))
            .exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.title").isEqualTo("Unknown device");
        this.client.get().uri("/devices/{id}/tls-bundle", device.id())
            .exchange()
            .expectStatus().isUnauthorized();
    }

    @Test
    void withoutTheCaKeyTheBundleIsAClear503() throws IOException {
        String alice = user();
        Device device = register(alice, Map.of("address", "127.0.0.1", "port", closedPort()));
        Path key = TestPlatformPki.DIRECTORY.resolve("ca.key");
        Path away = TestPlatformPki.DIRECTORY.resolve("ca.key.away");
        Files.move(key, away);
        try {
            this.client.get().uri("/devices/{id}/tls-bundle", device.id()).header("Authorization", bearer(alice))
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Platform certificates not available")
                .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail)
                    .contains(key.toString() + " is missing").contains("./iotdeploy up"));
        }
        finally {
            Files.move(away, key);
        }
        assertThat(get(alice, device.id()).tlsCertificate()).isNull();
    }

    @Test
    void aTlsEngineWithTheBundlesCertificateAnswersThePlatform() throws Exception {
        String alice = user();
        int port = closedPort();
        Device device = register(alice, Map.of("address", "127.0.0.1", "port", port));
        assertThat(device.state()).isEqualTo("offline");
        Map<String, Entry> files = untar(bundle(alice, device.id()).getResponseBody());
        String folder = "iotdeploy-tls-127.0.0.1/";

        AtomicInteger answered = new AtomicInteger();
        HttpsServer engine = engine(port, pki.serverContext(files.get(folder + "cert.pem").text(),
                files.get(folder + "key.pem").text()), answered);
        try {
            Device online = ping(alice, device.id());
            assertThat(online.state()).isEqualTo("online");
            assertThat(online.name()).isEqualTo("127.0.0.1");
            assertThat(online.architecture()).isEqualTo("aarch64");
            assertThat(online.platform()).isEqualTo("linux/arm64");
            assertThat(online.dockerVersion()).isEqualTo("20.10.24");
            assertThat(online.cpus()).isEqualTo(4);
            assertThat(answered).hasPositiveValue();
        }
        finally {
            engine.stop(0);
        }
    }

    @Test
    void anotherUsersRegistrationOfAnOnboardedDeviceGetsNoAnswer() throws Exception {
        String alice = user();
        String mallory = user();
        int port = closedPort();
        Device device = register(alice, Map.of("address", "127.0.0.1", "port", port));
        Map<String, Entry> files = untar(bundle(alice, device.id()).getResponseBody());
        String folder = "iotdeploy-tls-127.0.0.1/";
        Device hers = register(mallory, Map.of("address", "127.0.0.1", "port", port));

        AtomicInteger answered = new AtomicInteger();
        HttpsServer engine = engine(port, pki.serverContext(files.get(folder + "cert.pem").text(),
                files.get(folder + "key.pem").text()), answered);
        try {
            assertThat(ping(mallory, hers.id()).state()).isEqualTo("offline");
            assertThat(answered).as("no request of mallory's got through").hasValue(0);
            assertThat(ping(alice, device.id()).state()).isEqualTo("online");
        }
        finally {
            engine.stop(0);
        }
    }

    @Test
    void anEngineWithACertificateOfAnotherCaIsNotTrusted(@TempDir Path dir) throws Exception {
        String alice = user();
        int port = closedPort();
        Device device = register(alice, Map.of("address", "127.0.0.1", "port", port));
        Path other = TestPki.newCa("another CA").issueServer(dir.resolve("other"), "127.0.0.1", "127.0.0.1");

        AtomicInteger answered = new AtomicInteger();
        HttpsServer engine = engine(port, pki.serverContext(Files.readString(other.resolve(EngineTls.CERT_FILE)),
                Files.readString(other.resolve(EngineTls.KEY_FILE))), answered);
        try {
            assertThat(ping(alice, device.id()).state()).isEqualTo("offline");
            assertThat(answered).as("no request got through").hasValue(0);
        }
        finally {
            engine.stop(0);
        }
    }

    @Test
    void anEngineThatTrustsAnotherCaRefusesThePlatformsClientCertificate(@TempDir Path dir) throws Exception {
        String alice = user();
        int port = closedPort();
        Device device = register(alice, Map.of("address", "127.0.0.1", "port", port));
        Map<String, Entry> files = untar(bundle(alice, device.id()).getResponseBody());
        Path engineDir = dir.resolve("engine");
        TestPki.newCa("another CA").issueClient(engineDir, "whoever");
        // the bundle's certificate and key, but clients of another CA only
        Files.writeString(engineDir.resolve(EngineTls.CERT_FILE), files.get("iotdeploy-tls-127.0.0.1/cert.pem").text());
        Files.writeString(engineDir.resolve(EngineTls.KEY_FILE), files.get("iotdeploy-tls-127.0.0.1/key.pem").text());

        AtomicInteger answered = new AtomicInteger();
        HttpsServer engine = engine(port, EngineTls.fromDirectory(engineDir).getSSLContext(), answered);
        try {
            // TLS 1.3: the engine refuses the client certificate after the client's side of the handshake, so the
            // platform sees a connection closed without an answer rather than a failed handshake
            assertThat(ping(alice, device.id()).state()).isIn("offline", "unknown");
            assertThat(answered).as("no request got through").hasValue(0);
        }
        finally {
            engine.stop(0);
        }
    }

    /** install.sh below a scratch root, as on a Raspberry Pi with Debian's docker.io and a daemon.json of its own. */
    @Test
    void installShPutsEverythingInPlaceAndChangesNothingTheSecondTime(@TempDir Path dir) throws Exception {
        assumeThat(Path.of("/bin/sh")).isExecutable();
        String alice = user();
        Device device = register(alice, Map.of("name", "pi", "address", "127.0.0.1", "port", closedPort()));
        Path bundle = dir.resolve("bundle");
        untarTo(bundle(alice, device.id()).getResponseBody(), bundle);
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("lib/systemd/system"));
        Files.writeString(root.resolve("lib/systemd/system/docker.service"), """
                [Service]
                Type=notify
                EnvironmentFile=-/etc/default/docker
                ExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS
                ExecReload=/bin/kill -s HUP $MAINPID
                """);
        Files.createDirectories(root.resolve("etc/docker"));
        Files.writeString(root.resolve("etc/docker/daemon.json"), "{\"log-driver\": \"journald\", \"hosts\": [\"fd://\"]}");

        String first = install(bundle.resolve("iotdeploy-tls-pi"), root);
        assertThat(first).contains("written:   /etc/docker/iotdeploy/key.pem")
            .contains("written:   /etc/docker/certs.d/10.77.0.1:5000/ca.crt")
            .contains("would now run 'systemctl daemon-reload' and 'systemctl restart docker'");
        Path key = root.resolve("etc/docker/iotdeploy/key.pem");
        assertThat(Files.readString(key)).isEqualTo(Files.readString(bundle.resolve("iotdeploy-tls-pi/key.pem")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(root.resolve("etc/docker/certs.d/10.77.0.1:5000/ca.crt")).hasSameTextualContentAs(
                bundle.resolve("iotdeploy-tls-pi/ca.pem"));
        assertThat(Files.readString(root.resolve("etc/systemd/system/docker.service.d/iotdeploy-tls.conf")))
            .contains("[Service]\nExecStart=\nExecStart=/usr/sbin/dockerd $DOCKER_OPTS\n");
        if (onPath("python3")) {
            JsonNode daemon = JsonMapper.builder().build().readTree(root.resolve("etc/docker/daemon.json").toFile());
            assertThat(daemon.get("log-driver").asString()).as("the device's own setting stays").isEqualTo("journald");
            assertThat(daemon.get("hosts").toString()).doesNotContain("fd://").contains("tcp://0.0.0.0:" + device.port());
            assertThat(daemon.get("tlsverify").asBoolean()).isTrue();
        }

        String daemonJson = Files.readString(root.resolve("etc/docker/daemon.json"));
        String second = install(bundle.resolve("iotdeploy-tls-pi"), root);
        assertThat(second).doesNotContain("written:").contains("unchanged: /etc/docker/iotdeploy/key.pem")
            .contains("unchanged: /etc/systemd/system/docker.service.d/iotdeploy-tls.conf");
        assertThat(Files.readString(root.resolve("etc/docker/daemon.json"))).isEqualTo(daemonJson);
    }

    @Test
    void installShWithoutDockerSaysHowToGetIt(@TempDir Path dir) throws Exception {
        assumeThat(Path.of("/bin/sh")).isExecutable();
        String alice = user();
        Device device = register(alice, Map.of("name", "bare", "address", "127.0.0.1", "port", closedPort()));
        untarTo(bundle(alice, device.id()).getResponseBody(), dir);
        Files.createDirectories(dir.resolve("root"));

        // (never without IOTDEPLOY_INSTALL_ROOT here: run as root, it would change this machine's Docker)
        ProcessBuilder tryOut = new ProcessBuilder("/bin/sh", "install.sh")
            .directory(dir.resolve("iotdeploy-tls-bare").toFile()).redirectErrorStream(true);
        tryOut.environment().put("IOTDEPLOY_INSTALL_ROOT", dir.resolve("root").toString());
        Process bare = tryOut.start();
        String bareOutput = new String(bare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bare.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bare.exitValue()).isEqualTo(1);
        assertThat(bareOutput).contains("Docker is not installed (no docker.service): apt-get install docker.io");
        assertThat(dir.resolve("root/etc")).doesNotExist();
    }

    private static String install(Path folder, Path root) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "install.sh").directory(folder.toFile())
            .redirectErrorStream(true);
        builder.environment().put("IOTDEPLOY_INSTALL_ROOT", root.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** A Docker Engine as far as a ping goes: {@code GET /v1.41/info} over TLS, client certificates required. */
    private static HttpsServer engine(int port, SSLContext tls, AtomicInteger answered) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        server.createContext("/", (exchange) -> {
            answered.incrementAndGet();
            byte[] body = INFO.getBytes(StandardCharsets.UTF_8);
            if (exchange.getRequestURI().getPath().endsWith("/info")) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private static boolean keyMatches(String keyPem, X509Certificate certificate) throws Exception {
        String base64 = keyPem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        byte[] challenge = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(challenge);
        return verifier.verify(signature);
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private record Entry(int mode, byte[] content) {

        String text() {
            return new String(this.content, StandardCharsets.UTF_8);
        }

    }

    private static Map<String, Entry> untar(byte[] targz) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(targz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.put(entry.getName(), new Entry(entry.getMode() & 0777, tar.readAllBytes()));
            }
        }
        return entries;
    }

    private static void untarTo(byte[] targz, Path dir) throws IOException {
        for (Map.Entry<String, Entry> entry : untar(targz).entrySet()) {
            Path target = dir.resolve(entry.getKey());
            if (entry.getKey().endsWith("/")) {
                Files.createDirectories(target);
                continue;
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = new ByteArrayInputStream(entry.getValue().content())) {
                Files.copy(in, target);
            }
        }
    }

    private EntityExchangeResult<byte[]> bundle(String user, long id) {
        return this.client.get().uri("/devices/{id}/tls-bundle", id).header("Authorization", bearer(user))
            .exchange()
            .expectStatus().isOk()
            .expectBody(byte[].class)
            .returnResult();
    }

    private Device register(String user, Map<String, Object> body) {
        return this.client.post().uri("/devices")
            .header("Authorization", bearer(user))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange()
            .expectStatus().isCreated()
            .expectBody(Device.class).returnResult().getResponseBody();
    }

    private Device get(String user, long id) {
        return this.client.get().uri("/devices/{id}", id).header("Authorization", bearer(user))
            .exchange()
            .expectStatus().isOk()
            .expectBody(Device.class).returnResult().getResponseBody();
    }

    private Device ping(String user, long id) {
        return this.client.post().uri("/devices/{id}/ping", id).header("Authorization", bearer(user))
            .exchange()
            .expectStatus().isOk()
            .expectBody(Device.class).returnResult().getResponseBody();
    }

    private String bearer(String user) {
        return "Bearer " + this.tokens.issue(user, false);
    }

    private static String user() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
