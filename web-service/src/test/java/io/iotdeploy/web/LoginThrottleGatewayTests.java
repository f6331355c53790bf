package io.iotdeploy.web;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed sign-ins slow down the next attempts (the production rule: 2 free failures per user name and address, 20
 * per address; the first delay is 5 s here), whichever way the credentials come: the session's sign-in, HTTP Basic,
 * API tokens (address only). An attempt inside a delay is refused before auth-service is asked. Every request of
 * these tests comes from 127.0.0.1; {@link TrustedProxyGatewayTests} has several addresses.
 */
class LoginThrottleGatewayTests extends GatewayTestSupport {

    @Test
    void aGuessersThirdWrongPasswordSlowsItDownWithoutAskingAuthService() {
        String xsrf = xsrfToken();
        for (int i = 0; i < 3; i++) {
            signIn(xsrf, ALICE, "guess-" + i).expectStatus().isUnauthorized();
        }

        signIn(xsrf, ALICE, ALICE_PASSWORD)
            .expectStatus().isEqualTo(429)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader().value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Integer.parseInt(seconds))
                .isBetween(1, 5))
            .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Too many failed sign-ins")
            .jsonPath("$.limit").isEqualTo("user-and-address")
            .jsonPath("$.failures").isEqualTo(3)
            .jsonPath("$.retryAfter").value((Integer seconds) -> assertThat(seconds).isBetween(1, 5))
            .jsonPath("$.retryAt").exists()
            .jsonPath("$.detail").value((String detail) -> assertThat(detail)
                .startsWith("Slowed down after 3 failed sign-ins as 'alice' from your address: try again in "));
        assertThat(AUTH.received()).hasSize(3);

        // HTTP Basic is the same door
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::asAlice).exchange()
            .expectStatus().isEqualTo(429)
            .expectHeader().exists(HttpHeaders.RETRY_AFTER)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.limit").isEqualTo("user-and-address");
        assertThat(AUTH.received()).hasSize(3);
        assertThat(MACHINE.received()).isEmpty();

        // another user from the same address is not slowed
        signIn(xsrf, ADMIN, ADMIN_PASSWORD).expectStatus().isOk();
    }

    @Test
    void wrongBasicCredentialsCountLikeWrongSignIns() {
        for (int i = 0; i < 3; i++) {
            this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, basic(ALICE, "guess-" + i))
                .exchange().expectStatus().isUnauthorized();
        }
        signIn(xsrfToken(), ALICE, ALICE_PASSWORD).expectStatus().isEqualTo(429)
            .expectBody().jsonPath("$.limit").isEqualTo("user-and-address");
    }

    @Test
    void aForwardedForFromAClientThatIsNoTrustedProxyChangesNothing() {
        for (int i = 0; i < 3; i++) {
            this.client.get().uri("/api/devices").header("X-Forwarded-For", "10.9.9." + i)
                .header(HttpHeaders.AUTHORIZATION, basic(ALICE, "guess-" + i))
                .exchange().expectStatus().isUnauthorized();
        }
        this.client.get().uri("/api/devices").header("X-Forwarded-For", "10.8.8.8")
            .headers(GatewayTestSupport::asAlice).exchange()
            .expectStatus().isEqualTo(429)
            .expectBody().jsonPath("$.limit").isEqualTo("user-and-address");
    }

    @Test
    void aRememberedRightPasswordIsRefusedTooWhileTheUserIsSlowedThere() {
        MACHINE.answerJson("GET", "/devices", 200, "[]");
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::asAlice).exchange().expectStatus().isOk();
        for (int i = 0; i < 3; i++) {
            this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, basic(ALICE, "guess-" + i))
                .exchange().expectStatus().isUnauthorized();
        }
        // else the memory of the pipeline's password would answer guesses without limit
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::asAlice).exchange()
            .expectStatus().isEqualTo(429);
    }

    @Test
    void aRightPasswordForgivesTheUsersEarlierFailures() {
        String xsrf = xsrfToken();
        for (int i = 0; i < 2; i++) {
            signIn(xsrf, ALICE, "guess-" + i).expectStatus().isUnauthorized();
        }
        signIn(xsrf, ALICE, ALICE_PASSWORD).expectStatus().isOk();
        for (int i = 0; i < 2; i++) {
            signIn(xsrf, ALICE, "typo-" + i).expectStatus().isUnauthorized();
        }
        signIn(xsrf, ALICE, ALICE_PASSWORD).expectStatus().isOk();
        MACHINE.answerJson("GET", "/devices", 200, "[]");
        for (int i = 0; i < 2; i++) {
            this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, basic(ALICE, "typo-" + i))
                .exchange().expectStatus().isUnauthorized();
        }
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::asAlice).exchange().expectStatus().isOk();
    }

    @Test
    void twentyOneFailuresFromOneAddressSlowEveryoneThere() {
        String xsrf = xsrfToken();
        // seven names, three failures with each: every name's own delay has begun, and the address's too
        for (int i = 0; i < 21; i++) {
            this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, basic("user" + (i / 3), "guess"))
                .exchange().expectStatus().isUnauthorized();
        }
        assertThat(AUTH.received()).hasSize(21);

        signIn(xsrf, ADMIN, ADMIN_PASSWORD)
            .expectStatus().isEqualTo(429)
            .expectHeader().exists(HttpHeaders.RETRY_AFTER)
            .expectBody()
            .jsonPath("$.limit").isEqualTo("address")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail)
                .startsWith("Slowed down after 21 failed sign-ins from your address: try again in "));
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::withAlicesToken).exchange()
            .expectStatus().isEqualTo(429)
            .expectBody().jsonPath("$.limit").isEqualTo("address");
        assertThat(AUTH.received()).hasSize(21);
    }

    @Test
    void invalidApiTokensCountAgainstTheAddress() {
        for (int i = 0; i < 21; i++) {
            this.client.get().uri("/api/devices")
                .header(HttpHeaders.AUTHORIZATION, "Bearer iotd_" + String.format("%043d", i))
                .exchange().expectStatus().isUnauthorized();
        }
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::withAlicesToken).exchange()
            .expectStatus().isEqualTo(429)
            .expectHeader().exists(HttpHeaders.RETRY_AFTER)
            .expectBody().jsonPath("$.limit").isEqualTo("address");
        assertThat(AUTH.received()).hasSize(21);
    }

    private RestTestClient.ResponseSpec signIn(String xsrf, String username, String password) {
        return this.client.post().uri("/api/session")
            .headers(asDashboard(xsrf))
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
            .exchange();
    }

}
