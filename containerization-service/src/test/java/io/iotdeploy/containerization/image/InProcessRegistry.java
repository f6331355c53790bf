package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.iotdeploy.device.TestPki;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the registry's v2 endpoints that a push uses (blobs: HEAD, GET, monolithic upload; manifests: PUT,
 * GET), over HTTPS with a certificate of a CA made in the test, behind Basic authentication for everything but
 * reading: enough to check what {@link BaseImageCommand} sends, in a unit test. The real registry is what the
 * launcher uses ({@code BaseImageIntegrationTests}).
 */
final class InProcessRegistry implements AutoCloseable {

    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");

    private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/");

    private static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/([0-9a-f-]+)");

    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");

    /** One request as the registry saw it. */
    record Request(String method, String path, String authorization) {
    }

    record Stored(String mediaType, byte[] body) {
    }

    private final HttpsServer server;

    private final String authorization;

    private final Path caFile;

    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

    private final Map<String, Stored> manifests = new ConcurrentHashMap<>();

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** {@code null}: uploads go on at a relative location; else at {@code https://<uploadsAt>/…}. */
    private volatile String uploadsAt;

    /**
     * @param tls           {@code ca.pem}, {@code cert.pem}, {@code key.pem} of the registry, see {@link #issueTls}
     * @param authorization the {@code Authorization} header that may push
     */
    InProcessRegistry(Path tls, String authorization) throws IOException, GeneralSecurityException {
        this.authorization = authorization;
        this.caFile = tls.resolve("ca.pem");
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.setHttpsConfigurator(new HttpsConfigurator(serverTls(tls)));
        this.server.createContext("/v2/", this::handle);
        this.server.start();
    }

    /** A certificate for 127.0.0.1 from a CA made here, into {@code dir}: {@code ca.pem}, {@code cert.pem}, … */
    static Path issueTls(Path dir) {
        return TestPki.newCa("in-process registry CA").issueServer(dir, "registry", "127.0.0.1");
    }

    /** host:port, as a registry is named in an image reference. */
    String address() {
        return "127.0.0.1:" + this.server.getAddress().getPort();
    }

    /** The PEM file of the CA that signed the registry's certificate. */
    Path caFile() {
        return this.caFile;
    }

    /** Answers the opening of an upload with an absolute location on {@code authority} (host:port). */
    void sendUploadsTo(String authority) {
        this.uploadsAt = authority;
    }

    List<Request> requests() {
        return List.copyOf(this.requests);
    }

    byte[] blob(String digest) {
        return this.blobs.get(digest);
    }

    Stored manifest(String repository, String reference) {
        return this.manifests.get(repository + ":" + reference);
    }

    JsonNode manifestJson(String repository, String reference) {
        return JsonMapper.shared().readTree(manifest(repository, reference).body());
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            this.requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean reading = method.equals("GET") || method.equals("HEAD");
            if (!reading && !this.authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"in-process registry\"");
                answer(exchange, 401, "unauthorized");
                return;
            }
            Matcher matcher;
            if ((matcher = BLOB.matcher(path)).matches() && reading) {
                byte[] blob = this.blobs.get(matcher.group(2));
                if (blob == null) {
                    answer(exchange, 404, "BLOB_UNKNOWN");
                }
                else {
                    answer(exchange, 200, method.equals("HEAD") ? null : blob);
                }
            }
            else if ((matcher = UPLOADS.matcher(path)).matches() && method.equals("POST")) {
                // relative unless told otherwise: the client resolves it
                String at = (this.uploadsAt != null) ? "https://" + this.uploadsAt : "";
                exchange.getResponseHeaders().set("Location", at + "/v2/" + matcher.group(1) + "/blobs/uploads/"
                        + UUID.randomUUID() + "?_state=opaque");
                answer(exchange, 202, (byte[]) null);
            }
            else if ((matcher = UPLOAD.matcher(path)).matches() && method.equals("PUT")) {
                String digest = query(exchange).get("digest");
                if (digest == null || !digest.equals(RegistryClient.sha256(body))) {
                    answer(exchange, 400, "DIGEST_INVALID");
                    return;
                }
                this.blobs.put(digest, body);
                exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
                answer(exchange, 201, (byte[]) null);
            }
            else if ((matcher = MANIFEST.matcher(path)).matches() && method.equals("PUT")) {
                putManifest(exchange, matcher.group(1), matcher.group(2), body);
            }
            else if ((matcher = MANIFEST.matcher(path)).matches() && reading) {
                Stored stored = this.manifests.get(matcher.group(1) + ":" + matcher.group(2));
                if (stored == null) {
                    answer(exchange, 404, "MANIFEST_UNKNOWN");
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", stored.mediaType());
                exchange.getResponseHeaders().set("Docker-Content-Digest", RegistryClient.sha256(stored.body()));
                answer(exchange, 200, method.equals("HEAD") ? null : stored.body());
            }
            else {
                answer(exchange, 404, "not a registry path");
            }
        }
    }

    /** Stores the manifest under its tag and its digest, if everything it names is in the repository. */
    private void putManifest(HttpExchange exchange, String repository, String tag, byte[] body) throws IOException {
        String mediaType = exchange.getRequestHeaders().getFirst("Content-Type");
        JsonNode manifest = JsonMapper.shared().readTree(body);
        if (RegistryClient.DOCKER_MANIFEST_LIST.equals(mediaType)) {
            for (JsonNode entry : manifest.path("manifests").values()) {
                if (!this.manifests.containsKey(repository + ":" + entry.path("digest").asString())) {
                    answer(exchange, 400, "MANIFEST_UNKNOWN " + entry.path("digest").asString());
                    return;
                }
            }
        }
        else if (RegistryClient.DOCKER_MANIFEST.equals(mediaType)) {
            List<JsonNode> named = new ArrayList<>();
            named.add(manifest.path("config"));
            manifest.path("layers").values().forEach(named::add);
            for (JsonNode blob : named) {
                if (!this.blobs.containsKey(blob.path("digest").asString())) {
                    answer(exchange, 400, "MANIFEST_BLOB_UNKNOWN " + blob.path("digest").asString());
                    return;
                }
            }
        }
        else {
            answer(exchange, 415, "unsupported media type " + mediaType);
            return;
        }
        String digest = RegistryClient.sha256(body);
        Stored stored = new Stored(mediaType, body);
        this.manifests.put(repository + ":" + tag, stored);
        this.manifests.put(repository + ":" + digest, stored);
        exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
        answer(exchange, 201, (byte[]) null);
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(pair.substring(0, equals),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int status, String message) throws IOException {
        answer(exchange, status, message.getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (body == null || exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static SSLContext serverTls(Path dir) throws IOException, GeneralSecurityException {
        Certificate certificate;
        try (var in = Files.newInputStream(dir.resolve("cert.pem"))) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        PrivateKey key;
        try (Reader in = Files.newBufferedReader(dir.resolve("key.pem")); PEMParser pem = new PEMParser(in)) {
            Object read = pem.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            key = (read instanceof PEMKeyPair pair) ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) read);
        }
        char[] password = "in-process".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("registry", key, password, new Certificate[] { certificate });
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        return tls;
    }

}
