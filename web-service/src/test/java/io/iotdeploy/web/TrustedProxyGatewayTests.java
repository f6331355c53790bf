package io.iotdeploy.web;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a trusted reverse proxy (the tests' own address, 127.0.0.1), its X-Forwarded-For names the client, so the
 * tests come from as many addresses as they like: a guesser slows down itself, not the user elsewhere; many
 * guessing addresses slow the user down where the user has not signed in lately, never where the user has.
 */
@TestPropertySource(properties = "web-service.security.trusted-proxies=127.0.0.1")
class TrustedProxyGatewayTests extends GatewayTestSupport {

    @Test
    void wrongPasswordsFromOneAddressDoNotStopTheRightOneFromAnother() {
        String xsrf = xsrfToken();
        for (int i = 0; i < 3; i++) {
            signIn(xsrf, "10.0.0.1", ALICE, "guess-" + i).expectStatus().isUnauthorized();
        }
        signIn(xsrf, "10.0.0.1", ALICE, ALICE_PASSWORD).expectStatus().isEqualTo(429)
            .expectHeader().exists(HttpHeaders.RETRY_AFTER)
            .expectBody().jsonPath("$.limit").isEqualTo("user-and-address");
        assertThat(AUTH.received()).hasSize(3);

        // alice, at an address that never signed in before
        signIn(xsrf, "10.0.0.2", ALICE, ALICE_PASSWORD).expectStatus().isOk();
        MACHINE.answerJson("GET", "/devices", 200, "[]");
        this.client.get().uri("/api/devices").header("X-Forwarded-For", "10.0.0.3")
            .headers(GatewayTestSupport::asAlice).exchange()
            .expectStatus().isOk();
    }

    @Test
    void manyAddressesGuessingOneUserSlowItDownOnlyWhereItHasNotSignedInLately() {
        String xsrf = xsrfToken();
        signIn(xsrf, "10.0.0.2", ALICE, ALICE_PASSWORD).expectStatus().isOk();
        for (int i = 1; i <= 3; i++) {
            signIn(xsrf, "10.0.1." + i, ALICE, "guess").expectStatus().isUnauthorized();
        }

        signIn(xsrf, "10.0.1.9", ALICE, ALICE_PASSWORD).expectStatus().isEqualTo(429)
            .expectHeader().exists(HttpHeaders.RETRY_AFTER)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.limit").isEqualTo("user")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail)
                .startsWith("Slowed down: sign-ins as 'alice' are failing from several addresses, and yours has not "
                        + "signed in as 'alice' lately: try again in "));
        int asked = AUTH.received().size();

        // where alice signed in, her password works at once; so do other users' at the new address
        signIn(xsrf, "10.0.0.2", ALICE, ALICE_PASSWORD).expectStatus().isOk();
        signIn(xsrf, "10.0.1.9", ADMIN, ADMIN_PASSWORD).expectStatus().isOk();
        assertThat(AUTH.received()).hasSize(asked + 2);
    }

    @Test
    void theClientIsWhatTheProxyAppendedNotWhatTheClientWrote() {
        String xsrf = xsrfToken();
        for (int i = 0; i < 3; i++) {
            // a guesser that claims another address each time: the proxy (127.0.0.1) appends the real one
            signIn(xsrf, "203.0.113." + i + ", 10.0.0.1", ALICE, "guess-" + i).expectStatus().isUnauthorized();
        }
        signIn(xsrf, "198.51.100.7, 10.0.0.1", ALICE, ALICE_PASSWORD).expectStatus().isEqualTo(429)
            .expectBody().jsonPath("$.limit").isEqualTo("user-and-address");
    }

    private RestTestClient.ResponseSpec signIn(String xsrf, String forwardedFor, String username, String password) {
        Consumer<HttpHeaders> dashboard = asDashboard(xsrf);
        return this.client.post().uri("/api/session")
            .headers(dashboard.andThen((headers) -> headers.set("X-Forwarded-For", forwardedFor)))
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
            .exchange();
    }

}
