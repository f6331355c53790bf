package io.iotdeploy.auth.user;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;

import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class CredentialsControllerTests {

    private static final String PASSWORD = "correct horse battery";

    private final RestTestClient client;

    private final InternalTokens tokens;

    private final UserService users;

    private final JdbcClient jdbc;

    private final String secret;

    @Autowired
    CredentialsControllerTests(RestTestClient client, InternalTokens tokens, UserService users, JdbcClient jdbc,
            @Value("${iotdeploy.internal-token.secret}") String secret) {
        this.client = client;
        this.tokens = tokens;
        this.users = users;
        this.jdbc = jdbc;
        this.secret = secret;
    }

    @BeforeEach
    void aliceExists() {
        this.jdbc.sql("DELETE FROM users").update();
        this.users.create(new NewUserRequest("alice", PASSWORD, false));
    }

    @Test
    void rightPasswordAnswersTheUserWithoutAnyHash() {
        verify(this.tokens.issueForGateway(), "alice", PASSWORD)
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.id").value(Integer.class, (id) -> assertThat(id).isPositive())
            .jsonPath("$.username").isEqualTo("alice")
            .jsonPath("$.admin").isEqualTo(false)
            .jsonPath("$.createdAt").value(String.class, (text) -> assertThat(text).endsWith("Z"))
            .jsonPath("$.password").doesNotExist()
            .jsonPath("$.passwordHash").doesNotExist();
    }

    @Test
    void anyValidInternalTokenMayVerify() {
        verify(this.tokens.issue("bob", false), "alice", PASSWORD).expectStatus().isOk();
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameProblem() {
        for (Map.Entry<String, String> attempt : Map.of("alice", "wrong password!", "mallory", PASSWORD).entrySet()) {
            verify(this.tokens.issueForGateway(), attempt.getKey(), attempt.getValue())
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Wrong credentials")
                .jsonPath("$.detail").isEqualTo("Wrong user name or password.")
                .jsonPath("$.field").doesNotExist();
        }
    }

    @Test
    void missingPasswordIsABadRequestNamingTheField() {
        this.client.post().uri("/credentials/verify")
            .header("Authorization", "Bearer " + this.tokens.issueForGateway())
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("username", "alice"))
            .exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.field").isEqualTo("password")
            .jsonPath("$.detail").isEqualTo("password is required");
    }

    @Test
    void withoutATokenNobodyGetsAnAnswer() {
        this.client.post().uri("/credentials/verify")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("username", "alice", "password", PASSWORD))
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").value(String.class, (text) -> assertThat(text).endsWith("a valid internal token is required"));
    }

    @Test
    void forgedAndExpiredTokensAreRejected() {
        Instant now = Instant.now();
        String forged = token("some-other-secret-of-at-least-32-bytes!", now.plusSeconds(300));
        String expired = token(this.secret, now.minusSeconds(300));
        for (String token : List.of(forged, expired)) {
            verify(token, "alice", PASSWORD)
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(String.class, (text) -> assertThat(text).endsWith("a valid internal token is required"));
        }
    }

    private static String token(String secret, Instant expiresAt) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        JwtClaimsSet claims = JwtClaimsSet.builder()
            .issuer("iotdeploy")
            .subject(InternalTokens.GATEWAY)
            .claim("admin", true)
            .issuedAt(expiresAt.minusSeconds(300))
            .expiresAt(expiresAt)
            .build();
        return new NimbusJwtEncoder(new ImmutableSecret<>(key))
            .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
            .getTokenValue();
    }

    private RestTestClient.ResponseSpec verify(String token, String username, String password) {
        return this.client.post().uri("/credentials/verify")
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("username", username, "password", password))
            .exchange();
    }

}
