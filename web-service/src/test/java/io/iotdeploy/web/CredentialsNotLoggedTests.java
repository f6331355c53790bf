package io.iotdeploy.web;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords and API tokens never reach the log, not even at DEBUG: neither the gateway's own statements nor
 * Spring's (security, web, the HTTP clients) repeat an Authorization header, a sign-in body or a token.
 */
@TestPropertySource(properties = { "logging.level.io.iotdeploy=DEBUG", "logging.level.org.springframework.security=DEBUG",
        "logging.level.org.springframework.web=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class CredentialsNotLoggedTests extends GatewayTestSupport {

    private static final String CREATED_SECRET = "iotd_" + "S".repeat(38) + "CREAT";

    @Test
    void noCredentialOfAnyKindIsLogged(CapturedOutput output) {
        MACHINE.answerJson("GET", "/devices", 200, "[]");
        AUTH.answer("POST", "/tokens", 201, "application/json", "{\"id\":8,\"token\":\"" + CREATED_SECRET + "\"}");
        String xsrf = xsrfToken();

        // passwords: right and wrong, HTTP Basic and the sign-in
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::asAlice).exchange().expectStatus().isOk();
        this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, basic(ADMIN, "admin-wrong-guess"))
            .exchange().expectStatus().isUnauthorized();
        for (String password : List.of("alice-wrong-guess", ALICE_PASSWORD)) {
            this.client.post().uri("/api/session").headers(asDashboard(xsrf)).contentType(MediaType.APPLICATION_JSON)
                .body("{\"username\":\"alice\",\"password\":\"" + password + "\"}").exchange();
        }
        // API tokens: valid, expired, unknown; and one made through the gateway
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::withAlicesToken).exchange()
            .expectStatus().isOk();
        this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, "Bearer " + EXPIRED_TOKEN).exchange()
            .expectStatus().isUnauthorized();
        this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, "Bearer iotd_" + "U".repeat(43))
            .exchange().expectStatus().isUnauthorized();
        this.client.post().uri("/api/tokens").header(HttpHeaders.AUTHORIZATION, basic(ADMIN, ADMIN_PASSWORD))
            .contentType(MediaType.APPLICATION_JSON).body("{\"name\":\"ci\"}").exchange()
            .expectStatus().isCreated();
        // and auth-service failing while checking them
        AUTH.answer("POST", "/credentials/verify", 500, "text/plain", "boom");
        AUTH.answer("POST", "/tokens/verify", 500, "text/plain", "boom");
        this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, basic(ALICE, "alice-password-9"))
            .exchange().expectStatus().isEqualTo(502);
        this.verifiedApiTokens.forgetAll();
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::withAlicesToken).exchange()
            .expectStatus().isEqualTo(502);

        // the gateway's log: the test's own client runs on the main thread and logs what the test sends
        String log = output.getAll().lines().filter((line) -> !line.contains("[           main]"))
            .collect(Collectors.joining("\n"));
        // the test did log at DEBUG, request bodies included: else it would prove nothing
        assertThat(log).contains("DEBUG").contains("/api/devices").contains("Writing [CredentialsBody[");
        for (String secret : List.of(ALICE_PASSWORD, "admin-wrong-guess", "alice-wrong-guess", ADMIN_PASSWORD,
                "alice-password-9", ALICE_TOKEN.substring(13), EXPIRED_TOKEN.substring(13), "U".repeat(43),
                CREATED_SECRET.substring(13), basic(ALICE, ALICE_PASSWORD).substring(6))) {
            assertThat(log).as("the log").doesNotContain(secret);
        }
    }

}
