package io.iotdeploy.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.iotdeploy.web.security.LoginThrottle;
import io.iotdeploy.web.security.VerifiedApiTokens;
import io.iotdeploy.web.security.VerifiedCredentials;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway, started for real, in front of fakes of every service it calls (JDK HTTP servers on loopback):
 * what the gateway sends them and how it combines their answers is what these tests check. The services
 * themselves are tested in their modules, and all together end to end.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
abstract class GatewayTestSupport {

    static final String ALICE = "alice";

    static final String ALICE_PASSWORD = "alice-password-1";

    static final String ADMIN = "admin";

    static final String ADMIN_PASSWORD = "admin-password-1";

    static final String WRONG_CREDENTIALS = "user name or password is wrong (said auth-service)";

    /** alice's API token, as auth-service made it. */
    static final String ALICE_TOKEN = "iotd_" + "a".repeat(38) + "ALICE";

    static final String ADMIN_TOKEN = "iotd_" + "A".repeat(38) + "ADMIN";

    /** A token of alice's that expired. */
    static final String EXPIRED_TOKEN = "iotd_" + "E".repeat(38) + "EXPIR";

    /** Tokens that auth-service now says were revoked. */
    static final Set<String> REVOKED = ConcurrentHashMap.newKeySet();

    static final Queue<String> ORDER = FakeService.newOrder();

    static final FakeService AUTH = new FakeService("auth-service", ORDER);

    static final FakeService MACHINE = new FakeService("machine-service", ORDER);

    static final FakeService BUILDER_AMD64 = new FakeService("containerization-amd64", ORDER);

    static final FakeService BUILDER_ARM64 = new FakeService("containerization-arm64", ORDER);

    static final FakeService DEPLOYMENT = new FakeService("deployment-service", ORDER);

    static final FakeService LOGGING = new FakeService("logging-service", ORDER);

    static final FakeService AUDIT = new FakeService("audit-service", ORDER);

    static final List<FakeService> SERVICES = List.of(AUTH, MACHINE, BUILDER_AMD64, BUILDER_ARM64, DEPLOYMENT,
            LOGGING, AUDIT);

    /** A builder is configured for this platform, but nothing listens there. */
    static final String UNREACHABLE_PLATFORM = "linux/arm/v7";

    static final int CLOSED_PORT = closedPort();

    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("web-service.auth-service", AUTH::url);
        registry.add("web-service.machine-service", MACHINE::url);
        registry.add("web-service.containerization-service[linux/amd64]", BUILDER_AMD64::url);
        registry.add("web-service.containerization-service[linux/arm64]", BUILDER_ARM64::url);
        registry.add("web-service.containerization-service[" + UNREACHABLE_PLATFORM + "]",
                () -> "http://127.0.0.1:" + CLOSED_PORT);
        registry.add("web-service.deployment-service", DEPLOYMENT::url);
        registry.add("web-service.logging-service", LOGGING::url);
        registry.add("web-service.audit-service", AUDIT::url);
    }

    /**
     * The gateway's client, as curl is one: every request brings exactly the cookies a test gives it, and a 429 is
     * an answer. (Spring's default client would be Apache HttpClient, which device-client brings along: it keeps
     * cookies between requests and retries a 429 after its Retry-After.)
     */
    RestTestClient client;

    @Autowired
    JwtDecoder internalTokens;

    @Autowired
    VerifiedCredentials verifiedCredentials;

    @Autowired
    VerifiedApiTokens verifiedApiTokens;

    /** Shared by all tests of the context, like the server: every test starts without failed sign-ins. */
    @Autowired
    LoginThrottle loginThrottle;

    @LocalServerPort
    int port;

    @BeforeEach
    void resetServices() {
        this.client = RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
            .baseUrl("http://127.0.0.1:" + this.port)
            .build();
        SERVICES.forEach(FakeService::reset);
        ORDER.clear();
        this.verifiedCredentials.forget(ALICE);
        this.verifiedCredentials.forget(ADMIN);
        this.verifiedApiTokens.forgetAll();
        this.loginThrottle.clear();
        AUTH.answer("POST", "/credentials/verify", (exchange) -> {
            JsonNode credentials = JSON.readTree(exchange.getRequestBody());
            Map<String, String> passwords = Map.of(ALICE, ALICE_PASSWORD, ADMIN, ADMIN_PASSWORD);
            String username = credentials.path("username").asString();
            boolean right = credentials.path("password").asString().equals(passwords.get(username));
            String body = right
                    ? "{\"id\":1,\"username\":\"" + username + "\",\"admin\":" + ADMIN.equals(username)
                            + ",\"createdAt\":\"2025-01-01T00:00:00Z\"}"
                    : "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
                            + WRONG_CREDENTIALS + "\"}";
            exchange.getResponseHeaders().set("Content-Type", right ? "application/json" : "application/problem+json");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(right ? 200 : 401, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        REVOKED.clear();
        AUTH.answer("POST", "/tokens/verify", (exchange) -> {
            String token = JSON.readTree(exchange.getRequestBody()).path("token").asString();
            String owner = ALICE_TOKEN.equals(token) ? ALICE : ADMIN_TOKEN.equals(token) ? ADMIN : null;
            String refusal = REVOKED.contains(token) ? "The API token 'ci' (" + token.substring(0, 13)
                    + "…) was revoked at 2025-01-02T00:00:00Z."
                    : EXPIRED_TOKEN.equals(token) ? "The API token 'nightly' (" + token.substring(0, 13)
                            + "…) expired at 2025-01-01T00:00:00Z."
                    : (owner == null) ? "No such API token: it was mistyped, or its user was removed." : null;
            String body = (refusal == null)
                    ? "{\"username\":\"" + owner + "\",\"admin\":" + ADMIN.equals(owner) + ",\"tokenId\":7,"
                            + "\"name\":\"ci\",\"expiresAt\":null}"
                    : "{\"type\":\"about:blank\",\"title\":\"Invalid API token\",\"status\":401,\"detail\":\""
                            + refusal + "\"}";
            exchange.getResponseHeaders().set("Content-Type",
                    (refusal == null) ? "application/json" : "application/problem+json");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders((refusal == null) ? 200 : 401, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    static void withAlicesToken(HttpHeaders headers) {
        headers.setBearerAuth(ALICE_TOKEN);
    }

    static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The XSRF-TOKEN cookie's value, which the gateway hands a browser on its first request. */
    String xsrfToken() {
        return setCookie(this.client.get().uri("/").exchange()
            .expectStatus().isOk()
            .expectBody().returnResult()
            .getResponseHeaders(), "XSRF-TOKEN");
    }

    /** The value of the cookie {@code name} that an answer sets. */
    static String setCookie(HttpHeaders answer, String name) {
        List<String> cookies = answer.get(HttpHeaders.SET_COOKIE);
        assertThat(cookies).as("Set-Cookie of the answer").isNotNull();
        String cookie = cookies.stream().filter((value) -> value.startsWith(name + "=")).findFirst()
            .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + cookies));
        return cookie.substring(name.length() + 1, cookie.indexOf(';'));
    }

    /** What the dashboard sends: its cookies (the XSRF-TOKEN one and any others) and the token in the header. */
    static Consumer<HttpHeaders> asDashboard(String xsrfToken, String... otherCookies) {
        return (headers) -> {
            StringBuilder cookie = new StringBuilder("XSRF-TOKEN=" + xsrfToken);
            for (String other : otherCookies) {
                cookie.append("; ").append(other);
            }
            headers.set(HttpHeaders.COOKIE, cookie.toString());
            headers.set("X-XSRF-TOKEN", xsrfToken);
            headers.set("X-Requested-With", "XMLHttpRequest");
        };
    }

    static void asAlice(HttpHeaders headers) {
        headers.set(HttpHeaders.AUTHORIZATION, basic(ALICE, ALICE_PASSWORD));
    }

    /** Asserts that the request carried a valid internal token for this user. */
    void assertTokenFor(FakeService.Received request, String user, boolean admin) {
        Jwt token = this.internalTokens.decode(request.bearerToken());
        assertThat(token.getSubject()).isEqualTo(user);
        assertThat(token.getClaimAsBoolean("admin")).isEqualTo(admin);
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
