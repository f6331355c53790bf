package io.iotdeploy.device;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLParameters;

import com.github.dockerjava.api.DockerClient;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * docker-java with {@link EngineTls} against an HTTPS server that plays a Docker Engine with {@code --tlsverify}:
 * the client shows its certificate, trusts only its own CA and checks the address in the engine's certificate.
 */
class EngineTlsTests {

    private static final TestPki PLATFORM = TestPki.newCa("platform");

    private static final TestPki OTHER = TestPki.newCa("another CA");

    @TempDir
    Path dir;

    private HttpsServer engine;

    private final AtomicReference<String> clientSubject = new AtomicReference<>();

    @AfterEach
    void stopEngine() {
        if (this.engine != null) {
            this.engine.stop(0);
        }
    }

    @Test
    void pingsAnEngineOfTheSameCaWithTheClientCertificate() throws IOException {
        String host = startEngine(PLATFORM.issueServer(this.dir.resolve("engine"), "dev1", "127.0.0.1", "dev1"));
        EngineTls tls = EngineTls.fromDirectory(PLATFORM.issueClient(this.dir.resolve("client"), "iotdeploy-platform"));

        try (DockerClient docker = DockerEngines.connect(EngineConnection.control(host, tls))) {
            docker.pingCmd().exec();
        }

        assertThat(this.clientSubject.get()).contains("CN=iotdeploy-platform");
    }

    @Test
    void refusesAnEngineWhoseCertificateIsFromAnotherCa() throws IOException {
        String host = startEngine(OTHER.issueServer(this.dir.resolve("engine"), "impostor", "127.0.0.1"));
        EngineTls tls = EngineTls.fromDirectory(PLATFORM.issueClient(this.dir.resolve("client"), "iotdeploy-platform"));

        Throwable failure = ping(host, tls);

        assertThat(DockerEngines.isUnreachable(failure)).as("a TLS failure counts as unreachable: %s", failure).isTrue();
        assertThat(this.clientSubject.get()).as("nothing was asked of the impostor").isNull();
    }

    @Test
    void refusesAnEngineWhoseCertificateNamesAnotherAddress() throws IOException {
        String host = startEngine(PLATFORM.issueServer(this.dir.resolve("engine"), "dev9", "10.77.0.99", "dev9"));
        EngineTls tls = EngineTls.fromDirectory(PLATFORM.issueClient(this.dir.resolve("client"), "iotdeploy-platform"));

        Throwable failure = ping(host, tls);

        assertThat(failure).isNotNull();
        assertThat(DockerEngines.isUnreachable(failure)).as("hostname verification failed: %s", failure).isTrue();
        assertThat(this.clientSubject.get()).isNull();
    }

    @Test
    void aMissingFolderIsNamedOnlyWhenAConnectionNeedsIt() {
        Path nowhere = this.dir.resolve("no-such-folder");
        EngineTls tls = EngineTls.fromDirectory(nowhere);

        assertThatThrownBy(tls::getSSLContext).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(nowhere.resolve("ca.pem").toString())
            .hasMessageContaining("iotdeploy.devices.tls.client-dir");
    }

    @Test
    void readsTheFilesAgainWhenTheyChange() throws IOException {
        Path client = PLATFORM.issueClient(this.dir.resolve("client"), "first");
        EngineTls tls = EngineTls.fromDirectory(client);
        var first = tls.getSSLContext();
        assertThat(tls.getSSLContext()).as("unchanged files: the same context").isSameAs(first);

        OTHER.issueClient(client, "second");
        java.nio.file.Files.setLastModifiedTime(client.resolve("cert.pem"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

        assertThat(tls.getSSLContext()).isNotSameAs(first);
    }

    private Throwable ping(String host, EngineTls tls) {
        return catchThrowable(() -> {
            try (DockerClient docker = DockerEngines.connect(EngineConnection.control(host, tls))) {
                docker.pingCmd().exec();
            }
        });
    }

    /** An HTTPS server that answers {@code /_ping} only to clients with a certificate of its CA. */
    private String startEngine(Path material) throws IOException {
        EngineTls server = EngineTls.fromDirectory(material);
        this.engine = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.engine.setHttpsConfigurator(new HttpsConfigurator(server.getSSLContext()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        this.engine.createContext("/", (exchange) -> {
            this.clientSubject.set(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
            byte[] body = "OK".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/_ping") ? 200 : 404,
                    body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        this.engine.start();
        return "tcp://127.0.0.1:" + this.engine.getAddress().getPort();
    }

}
