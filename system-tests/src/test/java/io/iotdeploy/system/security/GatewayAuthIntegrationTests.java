package io.iotdeploy.system.security;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's doors against the real platform: API tokens (a revoked, an expired, a forged token), CSRF for
 * the browser's session, and the rate limit of failed sign-ins per user and per client address. Every failed
 * sign-in counts against the client's address, so this suite fails its sign-ins from the host's other addresses
 * (the gateway listens on all of them): the per-address limit from the device bridge's (10.77.0.1), the rest from
 * the build bridge's (10.77.255.1, scripts/network.sh). The other system tests come from 127.0.0.1 and keep
 * signing in.
 */
class GatewayAuthIntegrationTests {

    private static final URI GATEWAY = URI.create(System.getenv().getOrDefault("IOTDEPLOY_GATEWAY",
            "http://127.0.0.1:8080"));

    /** Failed sign-ins of the token and per-user tests come from here. */
    private static final URI SIDE_DOOR = URI.create("http://10.77.255.1:" + GATEWAY.getPort());

    static TestWorld world;

    static TestGateway tina;

    @BeforeAll
    static void users() throws Exception {
        world = TestWorld.load();
        tina = TestGateway.asAdmin().user("tina");
    }

    @Test
    void aTokenWorksForTheApiAndUploadsUntilItIsRevoked() throws Exception {
        JsonNode created = createToken(tina, Map.of("name", "pipeline " + UUID.randomUUID()));
        TestGateway pipeline = bearer(created.get("token").asText());
        assertThat(pipeline.get("/api/devices").status()).isEqualTo(200);
        // authenticated, so the form itself is what the gateway answers about
        TestGateway.Response upload = pipeline.upload("/upload", TestGateway.form("ip", "10.77.0.11"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(400);

        HostileInputs.refused(getClass(), "a token creating a token", pipeline.post("/api/tokens",
                Map.of("name", "offspring")), 403);
        TestGateway.Response revoked = tina.delete("/api/tokens/" + created.get("id").asText());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        HostileInputs.refused(getClass(), "a revoked token", pipeline.get("/api/devices"), 401);
        HostileInputs.refused(getClass(), "a revoked token on /upload",
                pipeline.upload("/upload", TestGateway.form("ip", "10.77.0.11")), 401);
        assertNotInLogs(created.get("token").asText());
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        JsonNode created = createToken(tina, Map.of("name", "one run " + UUID.randomUUID(), "expiresAt",
                Instant.now().plusSeconds(3).toString()));
        TestGateway pipeline = bearer(created.get("token").asText());
        assertThat(pipeline.get("/api/devices").status()).isEqualTo(200);
        Thread.sleep(Duration.between(Instant.now(), Instant.parse(created.get("expiresAt").asText()))
            .plusMillis(500).toMillis());
        HostileInputs.refused(getClass(), "an expired token", pipeline.get("/api/devices"), 401);
    }

    @Test
    void forgedAndMalformedTokensAreRefused() throws Exception {
        JsonNode created = createToken(tina, Map.of("name", "real " + UUID.randomUUID()));
        String real = created.get("token").asText();
        String[] forged = { "iotd_" + "A".repeat(43), real.substring(0, real.length() - 1)
                + (real.endsWith("A") ? "B" : "A"), "iotd_", "not-a-token", real + real, "iotd_../../etc/passwd" };
        for (String token : forged) {
            HostileInputs.refused(getClass(), "a forged token " + token.substring(0, Math.min(12, token.length())) + "…",
                    bearer(token).get("/api/devices"), 401);
        }
        HostileInputs.refused(getClass(), "another user's token id revoked by tina",
                TestGateway.asAdmin().user("tom").delete("/api/tokens/" + created.get("id").asText()), 404);
        assertThat(bearer(real).get("/api/devices").status()).isEqualTo(200);
    }

    @Test
    void theBrowsersSessionNeedsTheCsrfTokenForEveryChange() throws Exception {
        Browser browser = new Browser();
        browser.signIn("tina", tina.password());
        Map<String, Object> device = Map.of("address", "10.77.0.250", "port", 2376);
        HostileInputs.refused(getClass(), "a session POST without the CSRF token",
                browser.post("/api/devices", device, null), 403);
        HostileInputs.refused(getClass(), "a session POST with a wrong CSRF token",
                browser.post("/api/devices", device, "forged-" + UUID.randomUUID()), 403);
        HostileInputs.refused(getClass(), "a session DELETE without the CSRF token",
                browser.send(browser.request("/api/session").DELETE().build()), 403);
        TestGateway.Response created = browser.post("/api/devices", device, browser.xsrf());
        assertThat(created.status()).as(created.toString()).isIn(201, 409);
        if (created.status() == 201) {
            TestGateway.Response removed = browser.send(browser.request("/api/devices/" + created.json().get("id")
                .asText()).header("X-XSRF-TOKEN", browser.xsrf()).DELETE().build());
            assertThat(removed.status()).isEqualTo(204);
        }
    }

    @Test
    void failedSignInsAreLimitedPerUser() throws Exception {
        TestGateway victim = TestGateway.asAdmin().user("locked-" + Long.toString(System.nanoTime(), 36));
        TestGateway guesser = TestGateway.at(SIDE_DOOR, victim.user(), "wrong-guess");
        for (int i = 0; i < 5; i++) {
            assertThat(guesser.get("/api/devices").status()).isEqualTo(401);
        }
        TestGateway.Response limited = HostileInputs.refused(getClass(), "a 6th wrong password for one user",
                guesser.get("/api/devices"), 429);
        assertThat(limited.json().get("limit").asText()).containsIgnoringCase("user");
        HostileInputs.refused(getClass(), "the right password while the user's limit holds",
                TestGateway.at(SIDE_DOOR, victim.user(), victim.password()).get("/api/devices"), 429);
    }

    @Test
    void failedSignInsAreLimitedPerAddress() throws Exception {
        URI fromBridge = URI.create("http://" + world.privateRegistry().split(":")[0] + ":" + GATEWAY.getPort());
        TestGateway.Response last = null;
        for (int i = 0; i < 25 && (last == null || last.status() != 429); i++) {
            last = TestGateway.at(fromBridge, "nobody-" + i, "guess").get("/api/devices");
            assertThat(last.status()).isIn(401, 429);
        }
        TestGateway.Response limited = HostileInputs.refused(getClass(), "20 wrong sign-ins from one address",
                last, 429);
        assertThat(limited.json().get("limit").asText()).containsIgnoringCase("address");
        assertThat(TestGateway.at(fromBridge, "tina", tina.password()).get("/api/devices").status()).isEqualTo(429);
        // another address is not affected
        assertThat(tina.get("/api/devices").status()).isEqualTo(200);
    }

    private static JsonNode createToken(TestGateway user, Map<String, Object> request) throws Exception {
        TestGateway.Response created = user.post("/api/tokens", request);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static TestGateway bearer(String token) {
        return new BearerGateway(token).gateway();
    }

    /** Neither the logs of the services nor those of the engines and registries hold the secret. */
    private static void assertNotInLogs(String secret) throws Exception {
        Path logs = Path.of(world.stateDir(), "logs");
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("log " + file).doesNotContain(secret);
            }
        }
        HostileInputs.record(GatewayAuthIntegrationTests.class, "a token looked for in every log", "not found");
    }

    /** A gateway client that authenticates with {@code Authorization: Bearer}. */
    private record BearerGateway(String token) {

        TestGateway gateway() {
            return TestGateway.withAuthorization(SIDE_DOOR, "Bearer " + this.token);
        }

    }

    /** The dashboard as a browser drives it: cookies, the XSRF-TOKEN cookie echoed in X-XSRF-TOKEN. */
    private static final class Browser {

        private final CookieManager cookies = new CookieManager();

        private final HttpClient http = HttpClient.newBuilder().cookieHandler(this.cookies)
            .connectTimeout(Duration.ofSeconds(5)).build();

        void signIn(String user, String password) throws Exception {
            send(request("/").GET().build());
            TestGateway.Response signedIn = post("/api/session", Map.of("username", user, "password", password), xsrf());
            assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        }

        String xsrf() {
            List<HttpCookie> all = this.cookies.getCookieStore().get(GATEWAY);
            return all.stream().filter((cookie) -> cookie.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie in " + all));
        }

        TestGateway.Response post(String path, Object body, String xsrf) throws Exception {
            HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestGateway.json.writeValueAsString(body)));
            if (xsrf != null) {
                request.header("X-XSRF-TOKEN", xsrf);
            }
            return send(request.build());
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(GATEWAY.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json");
        }

        TestGateway.Response send(HttpRequest request) throws Exception {
            HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
            return new TestGateway.Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        }

    }

}
