package io.iotdeploy.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityTests extends GatewayTestSupport {

    @Test
    void apiWithoutCredentialsIsA401ProblemWithABasicChallenge() {
        this.client.get()
            .uri("/api/devices")
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, (value) -> assertThat(value).startsWith("Basic "))
            .expectBody()
            .jsonPath("$.status").isEqualTo(401)
            .jsonPath("$.detail").value((String detail) -> assertThat(detail).contains("POST /api/session"));
        assertThat(MACHINE.received()).isEmpty();
    }

    @Test
    void scriptsOfTheDashboardGetNoBasicChallenge() {
        this.client.get()
            .uri("/api/devices")
            .header("X-Requested-With", "XMLHttpRequest")
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theDashboardsEventSourceGetsNoBasicChallenge() {
        this.client.get()
            .uri("/api/devices/3/containers/sensor/logs/stream")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE);
    }

    @Test
    void uploadWithoutCredentialsIsA401Problem() {
        this.client.post()
            .uri("/upload")
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(DeployFlowTests.form("sensor"))
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(ORDER).isEmpty();
    }

    @Test
    void basicCredentialsAreVerifiedByAuthServiceAndTheUserGoesOnInAnInternalToken() {
        MACHINE.answerJson("GET", "/devices", 200, "[{\"id\":1,\"name\":\"dev1\"}]");
        this.client.get()
            .uri("/api/devices")
            .headers(GatewayTestSupport::asAlice)
            .exchange()
            .expectStatus().isOk()
            .expectBody().json("[{\"id\":1,\"name\":\"dev1\"}]");

        FakeService.Received verify = AUTH.only("POST", "/credentials/verify");
        assertTokenFor(verify, "web-service", false);
        assertThat(verify.text()).contains("\"username\":\"alice\"", "\"password\":\"alice-password-1\"");
        FakeService.Received relayed = MACHINE.only("GET", "/devices");
        assertTokenFor(relayed, ALICE, false);
        assertThat(relayed.header("Authorization")).doesNotContain("Basic");
    }

    @Test
    void anAdminsTokenSaysAdmin() {
        AUTH.answerJson("GET", "/users", 200, "[]");
        this.client.get()
            .uri("/api/users")
            .header(HttpHeaders.AUTHORIZATION, basic(ADMIN, ADMIN_PASSWORD))
            .exchange()
            .expectStatus().isOk();
        assertTokenFor(AUTH.only("GET", "/users"), ADMIN, true);
    }

    @Test
    void aVerifiedPasswordIsRememberedButAWrongOneIsNot() {
        MACHINE.answerJson("GET", "/devices", 200, "[]");
        for (int i = 0; i < 2; i++) {
            this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, basic(ALICE, "wrong-password"))
                .exchange().expectStatus().isUnauthorized();
        }
        for (int i = 0; i < 3; i++) {
            this.client.get().uri("/api/devices").headers(GatewayTestSupport::asAlice)
                .exchange().expectStatus().isOk();
        }
        assertThat(AUTH.received()).hasSize(3);
        assertThat(MACHINE.received()).hasSize(3);
    }

    @Test
    void aWrongPasswordIsA401WithAuthServicesDetail() {
        this.client.get()
            .uri("/api/devices")
            .header(HttpHeaders.AUTHORIZATION, basic(ALICE, "not-her-password"))
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail").isEqualTo(WRONG_CREDENTIALS);
        assertThat(MACHINE.received()).isEmpty();
    }

    @Test
    void aFailingAuthServiceIsA502NotAWrongPassword() {
        AUTH.answer("POST", "/credentials/verify", 500, "text/html", "<html>Internal Server Error</html>");
        this.client.get()
            .uri("/api/devices")
            .headers(GatewayTestSupport::asAlice)
            .exchange()
            .expectStatus().isEqualTo(502)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
            .expectBody()
            .jsonPath("$.service").isEqualTo("auth-service")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail).contains("auth-service answered 500"));
    }

    @Test
    void changingThePasswordForgetsTheRememberedOne() {
        MACHINE.answerJson("GET", "/devices", 200, "[]");
        AUTH.answer("PUT", "/users/me/password", 204, null, "");
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::asAlice).exchange().expectStatus().isOk();
        this.client.put()
            .uri("/api/users/me/password")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"currentPassword\":\"alice-password-1\",\"newPassword\":\"alice-password-2\"}")
            .exchange()
            .expectStatus().isNoContent();
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::asAlice).exchange().expectStatus().isOk();

        assertThat(FakeService.names(AUTH.received())).containsExactly("POST /credentials/verify",
                "PUT /users/me/password", "POST /credentials/verify");
        assertThat(AUTH.only("PUT", "/users/me/password").text()).contains("alice-password-2");
    }

    @Test
    void aSessionSignsInHoldsTheUserAndSignsOut() {
        String xsrf = xsrfToken();
        EntityExchangeResult<byte[]> signIn = this.client.post()
            .uri("/api/session")
            .headers(asDashboard(xsrf))
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"username\":\"alice\",\"password\":\"alice-password-1\"}")
            .exchange()
            .expectStatus().isOk()
            .expectBody()
            .json("{\"username\":\"alice\",\"admin\":false}")
            .returnResult();
        String setCookie = signIn.getResponseHeaders().get(HttpHeaders.SET_COOKIE).stream()
            .filter((header) -> header.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        // the session has a CSRF token of its own
        String sessionXsrf = setCookie(signIn.getResponseHeaders(), "XSRF-TOKEN");
        assertThat(sessionXsrf).isNotEqualTo(xsrf);

        this.client.get()
            .uri("/api/session")
            .header(HttpHeaders.COOKIE, cookie)
            .exchange()
            .expectStatus().isOk()
            .expectBody().json("{\"username\":\"alice\",\"admin\":false}");
        MACHINE.answerJson("GET", "/devices", 200, "[]");
        this.client.get()
            .uri("/api/devices")
            .header(HttpHeaders.COOKIE, cookie)
            .exchange()
            .expectStatus().isOk();
        assertTokenFor(MACHINE.only("GET", "/devices"), ALICE, false);

        this.client.delete().uri("/api/session").headers(asDashboard(sessionXsrf, cookie)).exchange()
            .expectStatus().isNoContent();
        this.client.get()
            .uri("/api/session")
            .header(HttpHeaders.COOKIE, cookie)
            .header("X-Requested-With", "XMLHttpRequest")
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        // The session was checked with auth-service once, at sign-in.
        assertThat(AUTH.received()).hasSize(1);
    }

    @Test
    void aSignInWithAWrongPasswordIsA401WithAuthServicesDetailAndNoSession() {
        this.client.post()
            .uri("/api/session")
            .headers(asDashboard(xsrfToken()))
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"username\":\"alice\",\"password\":\"guess\"}")
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail").isEqualTo(WRONG_CREDENTIALS);
    }

    @Test
    void aSignInWithoutAPasswordIsA400() {
        this.client.post()
            .uri("/api/session")
            .headers(asDashboard(xsrfToken()))
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"username\":\"alice\"}")
            .exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(AUTH.received()).isEmpty();
    }

    @Test
    void withoutASessionTheCurrentUserIsA401() {
        this.client.get().uri("/api/session").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theDashboardAndTheApiDescriptionArePublic() {
        for (String path : List.of("/", "/index.html", "/app.js", "/v3/api-docs", "/actuator/health")) {
            this.client.get().uri(path).exchange().expectStatus().isOk();
        }
    }

    @Test
    void theDashboardIsServedWithAContentSecurityPolicyThatAllowsNoInlineScript() {
        this.client.get()
            .uri("/")
            .exchange()
            .expectStatus().isOk()
            .expectHeader().value("Content-Security-Policy", (csp) -> assertThat(csp)
                .contains("script-src 'self';", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval"))
            .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
            .expectHeader().valueEquals("X-Frame-Options", "DENY");
    }

    @Test
    void theApiDescriptionCoversUploadSessionAndDeployments() {
        this.client.get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.paths['/upload'].post").exists()
            .jsonPath("$.paths['/upload'].post.requestBody.content['multipart/form-data']").exists()
            .jsonPath("$.paths['/api/session'].post").exists()
            .jsonPath("$.paths['/api/session'].delete").exists()
            .jsonPath("$.paths['/api/devices/{id}/deployments'].post").exists();
    }

}
