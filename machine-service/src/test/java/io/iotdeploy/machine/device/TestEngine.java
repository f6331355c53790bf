package io.iotdeploy.machine.device;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A Docker Engine as far as machine-service's pings go, in this JVM, over plain HTTP (a device marked insecure) or
 * with TLS and client certificates required, as dockerd with {@code --tlsverify}: {@code GET /_ping} and
 * {@code GET /info}, each counted. It can be stopped and started again on the same port, as
 * a device that is switched off and on.
 */
final class TestEngine implements AutoCloseable {

    private static final String INFO = """
            {"Name": "test-engine", "Architecture": "x86_64", "OperatingSystem": "Debian GNU/Linux 12 (bookworm)",
             "KernelVersion": "6.1.0-18-amd64", "ServerVersion": "20.10.24", "NCPU": 2, "MemTotal": 2000000000,
             "Containers": 0, "Images": 1}""";

    private final String host;

    private final SSLContext tls;

    private final AtomicInteger pings = new AtomicInteger();

    private final AtomicInteger infos = new AtomicInteger();

    private int port;

    private HttpServer server;

    private TestEngine(String host, SSLContext tls) {
        this.host = host;
        this.tls = tls;
    }

    /** On a free port of {@code host} (a loopback address). */
    static TestEngine start(String host) throws IOException {
        return startAt(host, 0);
    }

    /** On {@code port} of {@code host}: where a device registered while it was off expects it. */
    static TestEngine startAt(String host, int port) throws IOException {
        return startTls(host, port, null);
    }

    /** With {@code tls} (its server certificate and the CA its clients' must be of); plain if {@code null}. */
    static TestEngine startTls(String host, int port, SSLContext tls) throws IOException {
        TestEngine engine = new TestEngine(host, tls);
        engine.listen(port);
        return engine;
    }

    int port() {
        return this.port;
    }

    /** {@code GET /_ping} requests so far. */
    int pings() {
        return this.pings.get();
    }

    /** {@code GET /info} requests so far. */
    int infos() {
        return this.infos.get();
    }

    /** Every request so far. */
    int requests() {
        return pings() + infos();
    }

    /** Switched off: the port refuses connections. */
    synchronized void stop() {
        if (this.server != null) {
            this.server.stop(0);
            this.server = null;
        }
    }

    /** Switched on again, on the same port. */
    synchronized void restart() throws IOException {
        stop();
        listen(this.port);
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void listen(int port) throws IOException {
        HttpServer server;
        if (this.tls != null) {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(this.host, port), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(this.tls) {
                @Override
                public void configure(HttpsParameters parameters) {
                    SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                    ssl.setNeedClientAuth(true);
                    parameters.setSSLParameters(ssl);
                }
            });
            server = https;
        }
        else {
            server = HttpServer.create(new InetSocketAddress(this.host, port), 0);
        }
        server.createContext("/", (exchange) -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            if (path.endsWith("/_ping")) {
                this.pings.incrementAndGet();
                body = "OK".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            }
            else if (path.endsWith("/info")) {
                this.infos.incrementAndGet();
                body = INFO.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        this.server = server;
        this.port = server.getAddress().getPort();
    }

}
