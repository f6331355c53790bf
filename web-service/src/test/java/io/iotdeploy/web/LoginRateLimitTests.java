package io.iotdeploy.web;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed sign-ins are limited per user name (5 in 5 minutes) and per client address (20 in 5 minutes), whichever
 * way the credentials come: the session's sign-in, HTTP Basic, API tokens (address only). A limited attempt is
 * refused before auth-service is asked.
 */
class LoginRateLimitTests extends GatewayTestSupport {

    @Test
    void fiveWrongPasswordsForAUserRefuseTheSixthEvenTheRightOneWithoutAskingAuthService() {
        String xsrf = xsrfToken();
        for (int i = 0; i < 5; i++) {
            signIn(xsrf, ALICE, "guess-" + i).expectStatus().isUnauthorized();
        }

        signIn(xsrf, ALICE, ALICE_PASSWORD)
            .expectStatus().isEqualTo(429)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader().value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Integer.parseInt(seconds))
                .isBetween(295, 300))
            .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Too many failed sign-ins")
            .jsonPath("$.limit").isEqualTo("user")
            .jsonPath("$.retryAfter").value((Integer seconds) -> assertThat(seconds).isBetween(295, 300))
            .jsonPath("$.detail").value((String detail) -> assertThat(detail)
                .startsWith("Too many failed sign-ins for the user 'alice' (5 within 5 minutes): try again in "));
        assertThat(AUTH.received()).hasSize(5);

        // HTTP Basic is the same door
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::asAlice).exchange()
            .expectStatus().isEqualTo(429)
            .expectHeader().exists(HttpHeaders.RETRY_AFTER)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.limit").isEqualTo("user");
        assertThat(AUTH.received()).hasSize(5);
        assertThat(MACHINE.received()).isEmpty();

        // another user from the same address is not affected
        signIn(xsrf, ADMIN, ADMIN_PASSWORD).expectStatus().isOk();
    }

    @Test
    void wrongBasicCredentialsCountLikeWrongSignIns() {
        for (int i = 0; i < 5; i++) {
            this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, basic(ALICE, "guess-" + i))
                .exchange().expectStatus().isUnauthorized();
        }
        signIn(xsrfToken(), ALICE, ALICE_PASSWORD).expectStatus().isEqualTo(429)
            .expectBody().jsonPath("$.limit").isEqualTo("user");
    }

    @Test
    void aRememberedRightPasswordIsRefusedTooWhileTheUserIsLimited() {
        MACHINE.answerJson("GET", "/devices", 200, "[]");
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::asAlice).exchange().expectStatus().isOk();
        for (int i = 0; i < 5; i++) {
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
        for (int i = 0; i < 4; i++) {
            signIn(xsrf, ALICE, "guess-" + i).expectStatus().isUnauthorized();
        }
        signIn(xsrf, ALICE, ALICE_PASSWORD).expectStatus().isOk();
        for (int i = 0; i < 4; i++) {
            signIn(xsrf, ALICE, "typo-" + i).expectStatus().isUnauthorized();
        }
        signIn(xsrf, ALICE, ALICE_PASSWORD).expectStatus().isOk();
    }

    @Test
    void twentyFailuresFromOneAddressRefuseEveryUserFromItUntilTheWindowPasses() {
        String xsrf = xsrfToken();
        // five names, four failures with each: no user limit is reached, the address's is
        for (int i = 0; i < 20; i++) {
            this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, basic("user" + (i % 5), "guess"))
                .exchange().expectStatus().isUnauthorized();
        }
        assertThat(AUTH.received()).hasSize(20);

        signIn(xsrf, ADMIN, ADMIN_PASSWORD)
            .expectStatus().isEqualTo(429)
            .expectHeader().exists(HttpHeaders.RETRY_AFTER)
            .expectBody()
            .jsonPath("$.limit").isEqualTo("address")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail)
                .startsWith("Too many failed sign-ins from your address (20 within 5 minutes): try again in "));
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::withAlicesToken).exchange()
            .expectStatus().isEqualTo(429)
            .expectBody().jsonPath("$.limit").isEqualTo("address");
        assertThat(AUTH.received()).hasSize(20);
    }

    @Test
    void invalidApiTokensCountAgainstTheAddress() {
        for (int i = 0; i < 20; i++) {
            this.client.get().uri("/api/devices")
                .header(HttpHeaders.AUTHORIZATION, "Bearer iotd_" + String.format("%043d", i))
                .exchange().expectStatus().isUnauthorized();
        }
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::withAlicesToken).exchange()
            .expectStatus().isEqualTo(429)
            .expectHeader().exists(HttpHeaders.RETRY_AFTER)
            .expectBody().jsonPath("$.limit").isEqualTo("address");
        assertThat(AUTH.received()).hasSize(20);
    }

    private RestTestClient.ResponseSpec signIn(String xsrf, String username, String password) {
        return this.client.post().uri("/api/session")
            .headers(asDashboard(xsrf))
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
            .exchange();
    }

}
