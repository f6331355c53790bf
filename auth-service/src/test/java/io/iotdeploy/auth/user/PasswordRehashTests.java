package io.iotdeploy.auth.user;

import java.time.Instant;
import java.util.Map;

import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The one test with a production iteration count: the upgrade is what it is about. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "auth-service.password.iterations=600000")
@AutoConfigureRestTestClient
class PasswordRehashTests {

    private static final String PASSWORD = "dave's long password";

    private final RestTestClient client;

    private final InternalTokens tokens;

    private final UserRepository repository;

    @Autowired
    PasswordRehashTests(RestTestClient client, InternalTokens tokens, UserRepository repository) {
        this.client = client;
        this.tokens = tokens;
        this.repository = repository;
    }

    @Test
    void loggingInUpgradesAHashMadeWithFewerIterations() {
        HashedPassword old = new PasswordHasher(1000).hash(PASSWORD);
        this.repository.insert("dave", false, old, Instant.now());

        logIn().expectStatus().isOk().expectBody().jsonPath("$.username").isEqualTo("dave");

        HashedPassword upgraded = this.repository.findByUsername("dave").orElseThrow().password();
        assertThat(upgraded.iterations()).isEqualTo(600000);
        assertThat(upgraded.salt()).hasSize(16).isNotEqualTo(old.salt());
        assertThat(upgraded.hash()).hasSize(32).isNotEqualTo(old.hash());
        // the upgraded hash still takes the same password
        logIn().expectStatus().isOk();
    }

    private RestTestClient.ResponseSpec logIn() {
        return this.client.post().uri("/credentials/verify")
            .header("Authorization", "Bearer " + this.tokens.issueForGateway())
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("username", "dave", "password", PASSWORD))
            .exchange();
    }

}
