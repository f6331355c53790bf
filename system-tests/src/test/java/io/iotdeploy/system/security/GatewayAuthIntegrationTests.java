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

import tools.jackson.databind.JsonNode;
import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's doors against the real platform: API tokens (a revoked, an expired, a forged token), CSRF for
 * the browser's session (renewed at sign-in), and how failed sign-ins slow down further attempts: per user name and
 * client address, per address, and per user name at addresses it has not signed in from when several addresses
 * guess it (the platform runs with the production settings: 2 free failures per user and address, 20 per address,
 * then 1 s doubling up to 30 s, so no test waits). The client address is the connection's: on Linux all of
 * 127.0.0.0/8 is this host and the gateway listens on 0.0.0.0, so {@link BoundClient} comes from 127.0.0.2 and on.
 * The per-address test fails its sign-ins from the device bridge's address (10.77.0.1), the token tests from the
 * build bridge's (10.77.255.1, scripts/network.sh), so that the other system tests, from 127.0.0.1, keep signing
 * in; from 127.0.0.1 this suite fails three sign-ins for a user of its own.
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
        TestGateway pipeline = bearer(created.get("token").asString());
        assertThat(pipeline.get("/api/devices").status()).isEqualTo(200);
        // authenticated, so the form itself is what the gateway answers about
        TestGateway.Response upload = pipeline.upload("/upload", TestGateway.form("ip", "10.77.0.11"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(400);

        HostileInputs.refused(getClass(), "a token creating a token", pipeline.post("/api/tokens",
                Map.of("name", "offspring")), 403);
        TestGateway.Response revoked = tina.delete("/api/tokens/" + created.get("id").asString());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        HostileInputs.refused(getClass(), "a revoked token", pipeline.get("/api/devices"), 401);
        HostileInputs.refused(getClass(), "a revoked token on /upload",
                pipeline.upload("/upload", TestGateway.form("ip", "10.77.0.11")), 401);
        assertNotInLogs(created.get("token").asString());
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        JsonNode created = createToken(tina, Map.of("name", "one run " + UUID.randomUUID(), "expiresAt",
                Instant.now().plusSeconds(3).toString()));
        TestGateway pipeline = bearer(created.get("token").asString());
        assertThat(pipeline.get("/api/devices").status()).isEqualTo(200);
        Thread.sleep(Duration.between(Instant.now(), Instant.parse(created.get("expiresAt").asString()))
            .plusMillis(500).toMillis());
        HostileInputs.refused(getClass(), "an expired token", pipeline.get("/api/devices"), 401);
    }

    @Test
    void forgedAndMalformedTokensAreRefused() throws Exception {
        JsonNode created = createToken(tina, Map.of("name", "real " + UUID.randomUUID()));
        String real = created.get("token").asString();
        String[] forged = { "iotd_" + "A".repeat(43), real.substring(0, real.length() - 1)
                + (real.endsWith("A") ? "B" : "A"), "iotd_", "not-a-token", real + real, "iotd_../../etc/passwd" };
        for (String token : forged) {
            HostileInputs.refused(getClass(), "a forged token " + token.substring(0, Math.min(12, token.length())) + "…",
                    bearer(token).get("/api/devices"), 401);
        }
        HostileInputs.refused(getClass(), "another user's token id revoked by tina",
                TestGateway.asAdmin().user("tom").delete("/api/tokens/" + created.get("id").asString()), 404);
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
                .asString()).header("X-XSRF-TOKEN", browser.xsrf()).DELETE().build());
            assertThat(removed.status()).isEqualTo(204);
        }
    }

    @Test
    void wrongPasswordsFrom127001SlowItDownButNotTheRightPasswordFrom127002() throws Exception {
        TestGateway victim = TestGateway.asAdmin().user("guessed-" + Long.toString(System.nanoTime(), 36));
        TestGateway guesser = victim.withPassword("wrong-guess");
        // two typos are free; the third failure starts the guesser's delay
        for (int i = 0; i < 3; i++) {
            TestGateway.Response wrong = guesser.get("/api/devices");
            assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
        }
        TestGateway.Response slowed = HostileInputs.refused(getClass(),
                "a 4th password guess for one user from one address (127.0.0.1)", guesser.get("/api/devices"), 429);
        assertThat(slowed.json().get("limit").asString()).isEqualTo("user-and-address");
        assertThat(slowed.json().get("retryAfter").asInt()).isBetween(1, 30);
        // slowed, whatever the password: the attempt is not even checked
        HostileInputs.refused(getClass(), "the right password from the guessing address inside its delay",
                victim.get("/api/devices"), 429);

        BoundClient elsewhere = new BoundClient("127.0.0.2", GATEWAY);
        BoundClient.Reply basic = elsewhere.get("/api/devices", victim.user(), victim.password());
        assertThat(basic.status()).as("the right password from 127.0.0.2: " + basic).isEqualTo(200);
        BoundClient.Reply signedIn = elsewhere.signIn(elsewhere.xsrfToken(), victim.user(), victim.password());
        assertThat(signedIn.status()).as("signing in from 127.0.0.2: " + signedIn).isEqualTo(200);
    }

    @Test
    void theGuessingAddressIsToldWhenToRetry() {
        String user = "retry-" + Long.toString(System.nanoTime(), 36);
        BoundClient guesser = new BoundClient("127.0.0.7", GATEWAY);
        for (int i = 0; i < 3; i++) {
            assertThat(guesser.get("/api/devices", user, "guess-" + i).status()).isEqualTo(401);
        }
        BoundClient.Reply slowed = guesser.get("/api/devices", user, "guess-3");
        HostileInputs.refused(getClass(), "a 4th guess from 127.0.0.7 inside its delay", slowed.response(), 429);
        assertThat(slowed.header("Retry-After")).as(slowed.toString()).hasValueSatisfying((seconds) -> assertThat(
                Integer.parseInt(seconds)).isBetween(1, 30));
        assertThat(slowed.response().json().get("detail").asString())
            .startsWith("Slowed down after 3 failed sign-ins as '" + user + "' from your address: try again in ");
    }

    @Test
    void manyAddressesGuessingOneUserAreSlowedTogetherButNotWhereTheUserSignsIn() throws Exception {
        TestGateway victim = TestGateway.asAdmin().user("targeted-" + Long.toString(System.nanoTime(), 36));
        BoundClient home = new BoundClient("127.0.0.2", GATEWAY);
        assertThat(home.get("/api/devices", victim.user(), victim.password()).status()).isEqualTo(200);
        for (int i = 3; i <= 5; i++) {
            BoundClient.Reply wrong = new BoundClient("127.0.0." + i, GATEWAY).get("/api/devices", victim.user(),
                    "guess-" + i);
            assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
        }
        // the right password, but from an address that has not signed in as the user: it waits its turn
        BoundClient.Reply unknown = new BoundClient("127.0.0.6", GATEWAY).get("/api/devices", victim.user(),
                victim.password());
        HostileInputs.refused(getClass(), "a sign-in from a 4th address while 3 addresses guess one user",
                unknown.response(), 429);
        assertThat(unknown.response().json().get("limit").asString()).isEqualTo("user");
        assertThat(unknown.header("Retry-After")).isPresent();
        // where the user signed in, the right password is not slowed
        BoundClient.Reply again = home.get("/api/devices", victim.user(), victim.password());
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
    }

    @Test
    void aSignInRenewsTheCsrfTokenAndTheOneFromBeforeNoLongerWorks() {
        BoundClient browser = new BoundClient("127.0.0.8", GATEWAY);
        String before = browser.xsrfToken();
        BoundClient.Reply signedIn = browser.signIn(before, "tina", tina.password());
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        String session = "JSESSIONID=" + signedIn.cookie("JSESSIONID").orElseThrow();
        String after = signedIn.cookie("XSRF-TOKEN")
            .orElseThrow(() -> new AssertionError("the sign-in set no new XSRF-TOKEN cookie: " + signedIn));
        assertThat(after).isNotEqualTo(before);

        // the old token, sent as cookie and header together as a page that knew or planted it would
        HostileInputs.refused(getClass(), "a session's sign-out with the CSRF token from before its sign-in",
                browser.send("DELETE", "/api/session", Map.of("Cookie", session + "; XSRF-TOKEN=" + before,
                        "X-XSRF-TOKEN", before, "X-Requested-With", "XMLHttpRequest"), null).response(), 403);
        assertThat(browser.send("GET", "/api/session", Map.of("Cookie", session), null).status())
            .as("still signed in").isEqualTo(200);
        BoundClient.Reply signedOut = browser.send("DELETE", "/api/session", Map.of("Cookie",
                session + "; XSRF-TOKEN=" + after, "X-XSRF-TOKEN", after, "X-Requested-With", "XMLHttpRequest"), null);
        assertThat(signedOut.status()).as(signedOut.toString()).isEqualTo(204);
    }

    @Test
    void failedSignInsAreLimitedPerAddress() throws Exception {
        URI fromBridge = URI.create("http://" + world.privateRegistry().split(":")[0] + ":" + GATEWAY.getPort());
        TestGateway.Response last = null;
        for (int i = 0; i < 30 && (last == null || last.status() != 429); i++) {
            last = TestGateway.at(fromBridge, "nobody-" + i, "guess").get("/api/devices");
            assertThat(last.status()).isIn(401, 429);
        }
        TestGateway.Response limited = HostileInputs.refused(getClass(), "21 wrong sign-ins from one address",
                last, 429);
        assertThat(limited.json().get("limit").asString()).isEqualTo("address");
        // inside the address's delay even the right password waits
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
