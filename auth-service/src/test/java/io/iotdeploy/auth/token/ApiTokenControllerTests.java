package io.iotdeploy.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
class ApiTokenControllerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestTestClient client;

    private final InternalTokens tokens;

    private final JdbcClient jdbc;

    @Autowired
    ApiTokenControllerTests(RestTestClient client, InternalTokens tokens, JdbcClient jdbc) {
        this.client = client;
        this.tokens = tokens;
        this.jdbc = jdbc;
    }

    @BeforeEach
    void aliceBobAndRootExist() {
        this.jdbc.sql("DELETE FROM api_tokens").update();
        this.jdbc.sql("DELETE FROM users").update();
        for (String user : List.of("alice", "bob", "root")) {
            this.jdbc.sql("INSERT INTO users (username, admin, password_hash, password_salt, password_iterations, "
                        + "created_at) VALUES (?, ?, X'00', X'00', 1000, CURRENT_TIMESTAMP)")
                .params(user, "root".equals(user))
                .update();
        }
    }

    @Test
    void aCreatedTokenIsShownOnceListedWithoutItsSecretAndStoredAsItsHashOnly(CapturedOutput output)
            throws Exception {
        JsonNode created = create("alice", Map.of("name", "ci pipeline", "expiresInDays", 30))
            .expectStatus().isCreated()
            .expectHeader().value(HttpHeaders.LOCATION, (location) -> assertThat(location).matches("/tokens/\\d+"))
            .expectBody(JsonNode.class).returnResult().getResponseBody();
        String secret = created.get("token").asString();
        assertThat(secret).matches("iotd_[A-Za-z0-9_-]{43}");
        assertThat(created.get("name").asString()).isEqualTo("ci pipeline");
        assertThat(created.get("username").asString()).isEqualTo("alice");
        assertThat(created.get("prefix").asString()).isEqualTo(secret.substring(0, 13));
        Instant expiresAt = Instant.parse(created.get("expiresAt").asString());
        assertThat(expiresAt).isBetween(Instant.now().plus(29, ChronoUnit.DAYS), Instant.now().plus(31, ChronoUnit.DAYS));

        get("/tokens", user("alice")).expectStatus().isOk()
            .expectBody()
            .jsonPath("$.length()").isEqualTo(1)
            .jsonPath("$[0].id").isEqualTo(created.get("id").asLong())
            .jsonPath("$[0].name").isEqualTo("ci pipeline")
            .jsonPath("$[0].prefix").isEqualTo(secret.substring(0, 13))
            .jsonPath("$[0].createdAt").exists()
            .jsonPath("$[0].lastUsedAt").isEmpty()
            .jsonPath("$[0].expired").isEqualTo(false)
            .jsonPath("$[0].token").doesNotExist();

        Map<String, Object> row = this.jdbc.sql("SELECT * FROM api_tokens").query().singleRow();
        byte[] stored = (byte[]) row.get("TOKEN_HASH");
        assertThat(stored).isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(row.values()).noneMatch((value) -> String.valueOf(value).contains(secret.substring(13)));
        // the log names the token, never its secret
        assertThat(output.getAll()).contains("ci pipeline").doesNotContain(secret.substring(13));
    }

    @Test
    void theGatewayVerifiesATokenAndLearnsItsOwnerAndRoleAndTheUseIsNoted() {
        String secret = createdSecret("root", "deploy bot");
        verify(secret).expectStatus().isOk()
            .expectBody()
            .jsonPath("$.username").isEqualTo("root")
            .jsonPath("$.admin").isEqualTo(true)
            .jsonPath("$.name").isEqualTo("deploy bot")
            .jsonPath("$.tokenId").exists();
        get("/tokens", user("root")).expectStatus().isOk()
            .expectBody().jsonPath("$[0].lastUsedAt").isNotEmpty();
    }

    @Test
    void onlyTheGatewayVerifiesTokens() {
        String secret = createdSecret("alice", "ci");
        post("/tokens/verify", user("alice"), Map.of("token", secret))
            .expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").isEqualTo("Only the gateway verifies API tokens.");
    }

    @Test
    void unknownMalformedAndAlmostRightTokensAre401ProblemsThatDoNotRepeatTheToken() {
        String secret = createdSecret("alice", "ci");
        // same prefix, different rest: the hash decides, not the prefix
        String forged = secret.substring(0, 13) + "A".repeat(secret.length() - 13);
        for (String token : List.of(forged, "iotd_" + "B".repeat(43), "not-a-token", "iotd_short")) {
            verify(token).expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Invalid API token")
                .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail).doesNotContain(token));
        }
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndLeavesTheList() {
        String secret = createdSecret("alice", "ci");
        long id = idOf(secret);
        verify(secret).expectStatus().isOk();

        delete("/tokens/" + id, user("alice")).expectStatus().isNoContent();

        verify(secret).expectStatus().isUnauthorized()
            .expectBody().jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail)
                .startsWith("The API token 'ci' (" + secret.substring(0, 13) + "…) was revoked at "));
        get("/tokens", user("alice")).expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        // revoked is revoked: a second time there is nothing to revoke
        delete("/tokens/" + id, user("alice")).expectStatus().isNotFound();
    }

    @Test
    void anExpiredTokenIsRefusedAndListedAsExpired() {
        String secret = createdSecret("alice", "nightly");
        verify(secret).expectStatus().isOk();
        this.jdbc.sql("UPDATE api_tokens SET expires_at = ? WHERE id = ?")
            .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), idOf(secret))
            .update();

        verify(secret).expectStatus().isUnauthorized()
            .expectBody().jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail)
                .startsWith("The API token 'nightly' (" + secret.substring(0, 13) + "…) expired at "));
        get("/tokens", user("alice")).expectStatus().isOk().expectBody().jsonPath("$[0].expired").isEqualTo(true);
    }

    @Test
    void aTokenWithoutExpiryHasNone() {
        create("alice", Map.of("name", "forever")).expectStatus().isCreated()
            .expectBody().jsonPath("$.expiresAt").isEmpty();
    }

    @Test
    void anotherUsersTokenIsNotFoundNeitherListedNorRevocable() {
        String alices = createdSecret("alice", "alice's ci");
        long id = idOf(alices);

        get("/tokens", user("bob")).expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        delete("/tokens/" + id, user("bob"))
            .expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").isEqualTo("You have no API token " + id + " (or it was revoked already).");
        get("/tokens?user=alice", user("bob")).expectStatus().isForbidden();
        // nonexistent is the same answer as someone else's
        delete("/tokens/" + (id + 1000), user("bob")).expectStatus().isNotFound();

        verify(alices).expectStatus().isOk();
    }

    @Test
    void anAdministratorListsAndRevokesAnotherUsersTokens() {
        String alices = createdSecret("alice", "alice's ci");
        get("/tokens?user=alice", user("root")).expectStatus().isOk()
            .expectBody().jsonPath("$[0].name").isEqualTo("alice's ci").jsonPath("$[0].username").isEqualTo("alice");

        this.client.delete().uri("/tokens/" + idOf(alices))
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + this.tokens.issue("root", true))
            .exchange()
            .expectStatus().isNoContent();

        verify(alices).expectStatus().isUnauthorized();
    }

    @Test
    void invalidRequestsAreBadRequestsNamingTheField() {
        Map<String, Map<String, Object>> invalid = Map.of(
                "name", Map.of("name", " "),
                "expiresInDays", Map.of("name", "ci", "expiresInDays", 0));
        invalid.forEach((field, body) -> create("alice", body)
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.field").isEqualTo(field));
        create("alice", Map.of("name", "x".repeat(65))).expectStatus().isBadRequest()
            .expectBody().jsonPath("$.detail").isEqualTo("name must have at most 64 characters");
        create("alice", Map.of("name", "ci", "expiresInDays", 3651)).expectStatus().isBadRequest();
        create("alice", Map.of("name", "ci", "expiresAt", "2001-01-01T00:00:00Z")).expectStatus().isBadRequest()
            .expectBody().jsonPath("$.field").isEqualTo("expiresAt");
        create("alice", Map.of("name", "ci", "expiresInDays", 1, "expiresAt", java.time.Instant.now().plusSeconds(60)
            .toString())).expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("expiresAt");
        assertThat(this.jdbc.sql("SELECT COUNT(*) FROM api_tokens").query(Long.class).single()).isZero();
    }

    @Test
    void anExactExpiryIsKept() {
        String at = java.time.Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        create("alice", Map.of("name", "one run", "expiresAt", at)).expectStatus().isCreated()
            .expectBody().jsonPath("$.expiresAt").value((value) -> assertThat(java.time.Instant.parse(value.toString()))
                .isEqualTo(java.time.Instant.parse(at)));
    }

    @Test
    void theGatewaysOwnIdentityHasNoTokens() {
        create(InternalTokens.GATEWAY, Map.of("name", "sneaky")).expectStatus().isForbidden();
    }

    @Test
    void withoutAnInternalTokenNothingAnswers() {
        this.client.get().uri("/tokens").exchange().expectStatus().isUnauthorized();
        this.client.post().uri("/tokens/verify").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("token", "iotd_" + "B".repeat(43))).exchange()
            .expectStatus().isUnauthorized();
    }

    private String user(String name) {
        return this.tokens.issue(name, "root".equals(name));
    }

    private RestTestClient.ResponseSpec create(String username, Map<String, ?> body) {
        return post("/tokens", user(username), body);
    }

    private String createdSecret(String username, String name) {
        return create(username, Map.of("name", name)).expectStatus().isCreated()
            .expectBody(JsonNode.class).returnResult().getResponseBody().get("token").asString();
    }

    private long idOf(String secret) {
        return this.jdbc.sql("SELECT id FROM api_tokens WHERE prefix = ?").param(secret.substring(0, 13))
            .query(Long.class).single();
    }

    private RestTestClient.ResponseSpec verify(String token) {
        return post("/tokens/verify", this.tokens.issueForGateway(), Map.of("token", token));
    }

    private RestTestClient.ResponseSpec get(String path, String token) {
        return this.client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    private RestTestClient.ResponseSpec delete(String path, String token) {
        return this.client.delete().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    private RestTestClient.ResponseSpec post(String path, String token, Map<String, ?> body) {
        return this.client.post().uri(path)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .body(new HashMap<>(body))
            .exchange();
    }

}
