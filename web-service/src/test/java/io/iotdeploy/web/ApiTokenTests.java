package io.iotdeploy.web;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Authorization: Bearer iotd_…}: pipelines' API tokens, checked with auth-service. */
class ApiTokenTests extends GatewayTestSupport {

    @Test
    void aTokenAuthenticatesTheApiAndItsOwnerGoesOnInAnInternalToken() {
        MACHINE.answerJson("GET", "/devices", 200, "[{\"id\":1,\"name\":\"dev1\"}]");
        this.client.get()
            .uri("/api/devices")
            .headers(GatewayTestSupport::withAlicesToken)
            .exchange()
            .expectStatus().isOk()
            .expectBody().json("[{\"id\":1,\"name\":\"dev1\"}]");

        FakeService.Received verify = AUTH.only("POST", "/tokens/verify");
        assertTokenFor(verify, "web-service", false);
        assertThat(verify.text()).isEqualTo("{\"token\":\"" + ALICE_TOKEN + "\"}");
        FakeService.Received relayed = MACHINE.only("GET", "/devices");
        assertTokenFor(relayed, ALICE, false);
        assertThat(relayed.text()).doesNotContain(ALICE_TOKEN);
    }

    @Test
    void anAdministratorsTokenSaysAdmin() {
        AUTH.answerJson("GET", "/users", 200, "[]");
        this.client.get().uri("/api/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN).exchange()
            .expectStatus().isOk();
        assertTokenFor(AUTH.only("GET", "/users"), ADMIN, true);
    }

    @Test
    void aTokenAuthenticatesTheUploadWithoutACsrfToken() {
        MACHINE.answerJson("GET", "/devices", 200,
                "[" + DeployFlowTests.device(1, "dev1", "10.77.0.11", "online", "linux/amd64") + "]");
        DeployFlowTests.builds(BUILDER_AMD64, "linux/amd64");
        DeployFlowTests.deploys(1);

        this.client.post()
            .uri("/upload")
            .headers(GatewayTestSupport::withAlicesToken)
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(DeployFlowTests.form("sensor"))
            .exchange()
            .expectStatus().isCreated();

        assertThat(ORDER).containsExactlyElementsOf(DeployFlowTests.calls("auth-service POST /tokens/verify",
                "machine-service GET /devices", "containerization-amd64 POST /images",
                DeployFlowTests.deploymentCalls(1)));
        assertTokenFor(BUILDER_AMD64.only("POST", "/images"), ALICE, false);
        assertTokenFor(DEPLOYMENT.only("POST", "/devices/1/deployments"), ALICE, false);
        assertTokenFor(DEPLOYMENT.only("POST", "/applications/sensor/deployments"), ALICE, false);
    }

    @Test
    void anExpiredTokenIsA401WithAuthServicesDetailAndNothingIsRelayed() {
        for (String path : new String[] { "/api/devices", "/upload" }) {
            RestTestClient.RequestHeadersSpec<?> request = "/upload".equals(path)
                    ? this.client.post().uri(path).contentType(MediaType.MULTIPART_FORM_DATA)
                        .body(DeployFlowTests.form("sensor"))
                    : this.client.get().uri(path);
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + EXPIRED_TOKEN)
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                .expectBody()
                .jsonPath("$.title").isEqualTo("Invalid API token")
                .jsonPath("$.detail").isEqualTo("The API token 'nightly' (" + EXPIRED_TOKEN.substring(0, 13)
                        + "…) expired at 2025-01-01T00:00:00Z.");
        }
        assertThat(ORDER).containsOnly("auth-service POST /tokens/verify");
    }

    @Test
    void aTokenIsRememberedForAFewSecondsButRevokingItThroughTheGatewayRefusesItAtOnce() {
        MACHINE.answerJson("GET", "/devices", 200, "[]");
        for (int i = 0; i < 3; i++) {
            this.client.get().uri("/api/devices").headers(GatewayTestSupport::withAlicesToken).exchange()
                .expectStatus().isOk();
        }
        assertThat(FakeService.names(AUTH.received())).containsExactly("POST /tokens/verify");

        // alice revokes it in the dashboard (her session) or with her password
        AUTH.answer("DELETE", "/tokens/7", (exchange) -> {
            REVOKED.add(ALICE_TOKEN);
            exchange.sendResponseHeaders(204, -1);
        });
        this.client.delete().uri("/api/tokens/7").headers(GatewayTestSupport::asAlice).exchange()
            .expectStatus().isNoContent();
        assertTokenFor(AUTH.only("DELETE", "/tokens/7"), ALICE, false);

        this.client.get().uri("/api/devices").headers(GatewayTestSupport::withAlicesToken).exchange()
            .expectStatus().isUnauthorized()
            .expectBody().jsonPath("$.detail").value((String detail) -> assertThat(detail).contains("was revoked"));
        assertThat(MACHINE.received()).hasSize(3);
    }

    @Test
    void aTokenCannotCreateListOrRevokeTokens() {
        AUTH.answerJson("GET", "/tokens", 200, "[]");
        AUTH.answerJson("POST", "/tokens", 201, "{}");
        this.client.get().uri("/api/tokens").headers(GatewayTestSupport::withAlicesToken).exchange()
            .expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Not with an API token")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail).contains("a token cannot create"));
        this.client.post().uri("/api/tokens").headers(GatewayTestSupport::withAlicesToken)
            .contentType(MediaType.APPLICATION_JSON).body("{\"name\":\"persistence\"}").exchange()
            .expectStatus().isForbidden();
        this.client.delete().uri("/api/tokens/7").headers(GatewayTestSupport::withAlicesToken).exchange()
            .expectStatus().isForbidden();
        assertThat(FakeService.names(AUTH.received())).containsOnly("POST /tokens/verify");
    }

    @Test
    void tokensAreManagedWithAPasswordAndRelayedToAuthService() {
        AUTH.answer("POST", "/tokens", 201, "application/json",
                "{\"id\":7,\"name\":\"ci\",\"prefix\":\"iotd_abcdefgh\",\"token\":\"iotd_secret\"}");
        AUTH.answerJson("GET", "/tokens", 200, "[{\"id\":7,\"name\":\"ci\",\"prefix\":\"iotd_abcdefgh\"}]");
        this.client.post().uri("/api/tokens").headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.APPLICATION_JSON).body("{\"name\":\"ci\",\"expiresInDays\":30}").exchange()
            .expectStatus().isCreated()
            .expectBody().jsonPath("$.token").isEqualTo("iotd_secret");
        this.client.get().uri("/api/tokens").headers(GatewayTestSupport::asAlice).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$[0].prefix").isEqualTo("iotd_abcdefgh");

        FakeService.Received create = AUTH.only("POST", "/tokens");
        assertTokenFor(create, ALICE, false);
        assertThat(create.text()).isEqualTo("{\"name\":\"ci\",\"expiresInDays\":30}");
        assertTokenFor(AUTH.only("GET", "/tokens"), ALICE, false);
    }

    @Test
    void authServicesVerificationIsNotReachableThroughTheGateway() {
        this.client.post().uri("/api/tokens/verify").headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.APPLICATION_JSON).body("{\"token\":\"" + ALICE_TOKEN + "\"}").exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(FakeService.names(AUTH.received())).containsExactly("POST /credentials/verify");
    }

    @Test
    void aMalformedBearerHeaderIsA401Problem() {
        this.client.get().uri("/api/devices").header(HttpHeaders.AUTHORIZATION, "Bearer not a token").exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.title").isEqualTo("Invalid API token");
        assertThat(ORDER).isEmpty();
    }

    @Test
    void aFailingAuthServiceIsA502NotAnInvalidToken() {
        AUTH.answer("POST", "/tokens/verify", 500, "text/html", "<html>Internal Server Error</html>");
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::withAlicesToken).exchange()
            .expectStatus().isEqualTo(502)
            .expectBody().jsonPath("$.service").isEqualTo("auth-service");
        // and it counts as no failure of the client's: a working token goes through once auth-service is back
        resetServices();
        MACHINE.answerJson("GET", "/devices", 200, "[]");
        this.client.get().uri("/api/devices").headers(GatewayTestSupport::withAlicesToken).exchange()
            .expectStatus().isOk();
    }

    @Test
    void aTokenAlsoAuthenticatesTheRestTwinOfTheUpload() {
        MACHINE.answerJson("GET", "/devices/1", 200, DeployFlowTests.device(1, "dev1", "10.77.0.11", "online",
                "linux/amd64"));
        DeployFlowTests.builds(BUILDER_AMD64, "linux/amd64");
        DeployFlowTests.deploys(1);
        MultiValueMap<String, Object> form = DeployFlowTests.form("sensor");
        form.remove("ip");

        this.client.post().uri("/api/devices/1/deployments").headers(GatewayTestSupport::withAlicesToken)
            .contentType(MediaType.MULTIPART_FORM_DATA).body(form).exchange()
            .expectStatus().isCreated();
        assertTokenFor(DEPLOYMENT.only("POST", "/devices/1/deployments"), ALICE, false);
    }

}
