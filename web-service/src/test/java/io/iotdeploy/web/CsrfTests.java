package io.iotdeploy.web;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSRF protection of the session: a browser's state-changing requests carry the XSRF-TOKEN cookie's value in
 * X-XSRF-TOKEN; requests that bring their own credentials in the Authorization header need none.
 */
class CsrfTests extends GatewayTestSupport {

    private static final String DEVICE = "{\"address\":\"10.77.0.11\",\"port\":2376}";

    /** The token the browser had before it signed in. */
    private String signedOutXsrf;

    /** The token of alice's session, which the sign-in handed out. */
    private String xsrf;

    /** alice's session cookie, {@code JSESSIONID=…}. */
    private String session;

    @BeforeEach
    void aliceSignsIn() {
        this.signedOutXsrf = xsrfToken();
        HttpHeaders signedIn = this.client.post().uri("/api/session")
            .headers(asDashboard(this.signedOutXsrf))
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"username\":\"alice\",\"password\":\"alice-password-1\"}")
            .exchange()
            .expectStatus().isOk()
            .expectBody().returnResult()
            .getResponseHeaders();
        this.session = "JSESSIONID=" + setCookie(signedIn, "JSESSIONID");
        this.xsrf = setCookie(signedIn, "XSRF-TOKEN");
        MACHINE.answerJson("POST", "/devices", 201, "{\"id\":3}");
        MACHINE.answer("DELETE", "/devices/3", 204, null, "");
        AUTH.answer("PUT", "/users/me/password", 204, null, "");
    }

    @Test
    void theTokenCookieIsReadableByTheDashboardsScriptsAndStaysOnThisSite() {
        List<String> cookies = this.client.get().uri("/index.html").exchange()
            .expectStatus().isOk()
            .expectBody().returnResult().getResponseHeaders().get(HttpHeaders.SET_COOKIE);
        assertThat(cookies).filteredOn((cookie) -> cookie.startsWith("XSRF-TOKEN=")).singleElement()
            .satisfies((cookie) -> assertThat(cookie).doesNotContainIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax")
                .contains("Path=/"));
        // a client that has it keeps it: no new cookie on every answer
        this.client.get().uri("/index.html").header(HttpHeaders.COOKIE, "XSRF-TOKEN=" + this.xsrf).exchange()
            .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
    }

    @Test
    void aSignInRenewsTheTokenAndTheOneFromBeforeNoLongerWorks() {
        assertThat(this.xsrf).isNotEmpty().isNotEqualTo(this.signedOutXsrf);
        ORDER.clear();
        // not even as cookie and header together, as a page that knew or planted it would send it
        this.client.post().uri("/api/devices").headers(asDashboard(this.signedOutXsrf, this.session))
            .contentType(MediaType.APPLICATION_JSON).body(DEVICE)
            .exchange()
            .expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Invalid CSRF token")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail)
                .contains("does not match this client's current one"));
        assertThat(ORDER).isEmpty();

        this.client.post().uri("/api/devices").headers(asDashboard(this.xsrf, this.session))
            .contentType(MediaType.APPLICATION_JSON).body(DEVICE)
            .exchange()
            .expectStatus().isCreated();
    }

    @Test
    void aSessionThatStillSendsItsOldCookieIsGivenItsToken() {
        HttpHeaders answer = this.client.get().uri("/api/session")
            .header(HttpHeaders.COOKIE, this.session + "; XSRF-TOKEN=" + this.signedOutXsrf)
            .exchange()
            .expectStatus().isOk()
            .expectBody().returnResult().getResponseHeaders();
        assertThat(setCookie(answer, "XSRF-TOKEN")).isEqualTo(this.xsrf);
        // one that sends it gets no new cookie
        this.client.get().uri("/api/session").header(HttpHeaders.COOKIE, this.session + "; XSRF-TOKEN=" + this.xsrf)
            .exchange()
            .expectStatus().isOk()
            .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
    }

    @Test
    void signingInAgainRenewsTheTokenAgain() {
        String again = setCookie(this.client.post().uri("/api/session")
            .headers(asDashboard(this.xsrf, this.session))
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"username\":\"admin\",\"password\":\"admin-password-1\"}")
            .exchange()
            .expectStatus().isOk()
            .expectBody().returnResult().getResponseHeaders(), "XSRF-TOKEN");
        assertThat(again).isNotEqualTo(this.xsrf).isNotEqualTo(this.signedOutXsrf);
    }

    @Test
    void aSessionsPostWithoutTheTokenIsA403ProblemAndReachesNoService() {
        ORDER.clear();
        this.client.post().uri("/api/devices")
            .header(HttpHeaders.COOKIE, this.session + "; XSRF-TOKEN=" + this.xsrf)
            .contentType(MediaType.APPLICATION_JSON).body(DEVICE)
            .exchange()
            .expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("CSRF token missing")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail)
                .startsWith("POST /api/devices came without the X-XSRF-TOKEN header"));
        assertThat(ORDER).isEmpty();
    }

    @Test
    void aSessionWithoutEvenTheCookieIsToldWhereTheTokenComesFrom() {
        ORDER.clear();
        this.client.delete().uri("/api/devices/3").header(HttpHeaders.COOKIE, this.session).exchange()
            .expectStatus().isForbidden()
            .expectBody()
            .jsonPath("$.title").isEqualTo("CSRF token missing")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail)
                .contains("every answer of the gateway sets the XSRF-TOKEN cookie"));
        assertThat(ORDER).isEmpty();
    }

    @Test
    void aTokenThatIsNotTheCookiesIsA403() {
        ORDER.clear();
        this.client.put().uri("/api/users/me/password")
            .header(HttpHeaders.COOKIE, this.session + "; XSRF-TOKEN=" + this.xsrf)
            .header("X-XSRF-TOKEN", "guessed-by-another-site")
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"currentPassword\":\"alice-password-1\",\"newPassword\":\"attacker-chosen-1\"}")
            .exchange()
            .expectStatus().isForbidden()
            .expectBody()
            .jsonPath("$.title").isEqualTo("Invalid CSRF token")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail).contains("does not match"));
        assertThat(ORDER).isEmpty();
    }

    @Test
    void withTheTokenTheSessionsRequestsGoThrough() {
        this.client.post().uri("/api/devices").headers(asDashboard(this.xsrf, this.session))
            .contentType(MediaType.APPLICATION_JSON).body(DEVICE)
            .exchange()
            .expectStatus().isCreated();
        this.client.delete().uri("/api/devices/3").headers(asDashboard(this.xsrf, this.session)).exchange()
            .expectStatus().isNoContent();
        assertTokenFor(MACHINE.only("POST", "/devices"), ALICE, false);
        assertTokenFor(MACHINE.only("DELETE", "/devices/3"), ALICE, false);
        // neither the session nor the CSRF token goes on to the services
        assertThat(MACHINE.only("POST", "/devices").header("Cookie")).isNull();
        assertThat(MACHINE.only("POST", "/devices").header("X-XSRF-TOKEN")).isNull();
    }

    @Test
    void theUploadOfASessionNeedsTheTokenToo() {
        ORDER.clear();
        this.client.post().uri("/upload")
            .header(HttpHeaders.COOKIE, this.session + "; XSRF-TOKEN=" + this.xsrf)
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(DeployFlowTests.form("sensor"))
            .exchange()
            .expectStatus().isForbidden()
            .expectBody().jsonPath("$.title").isEqualTo("CSRF token missing");
        assertThat(ORDER).isEmpty();

        MACHINE.answerJson("GET", "/devices", 200,
                "[" + DeployFlowTests.device(1, "dev1", "10.77.0.11", "online", "linux/amd64") + "]");
        DeployFlowTests.builds(BUILDER_AMD64, "linux/amd64");
        DeployFlowTests.deploys(1);
        this.client.post().uri("/upload").headers(asDashboard(this.xsrf, this.session))
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(DeployFlowTests.form("sensor"))
            .exchange()
            .expectStatus().isCreated();
    }

    @Test
    void aSignInNeedsTheTokenSoThatNoOtherSiteSignsTheBrowserIn() {
        ORDER.clear();
        this.client.post().uri("/api/session")
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"username\":\"alice\",\"password\":\"alice-password-1\"}")
            .exchange()
            .expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.title").isEqualTo("CSRF token missing");
        assertThat(ORDER).isEmpty();
    }

    @Test
    void basicCredentialsAndApiTokensNeedNoCsrfTokenEvenWithCookies() {
        this.client.post().uri("/api/devices")
            .headers(GatewayTestSupport::asAlice)
            .header(HttpHeaders.COOKIE, "XSRF-TOKEN=" + this.xsrf)
            .contentType(MediaType.APPLICATION_JSON).body(DEVICE)
            .exchange()
            .expectStatus().isCreated();
        this.client.delete().uri("/api/devices/3")
            .headers(GatewayTestSupport::withAlicesToken)
            .header(HttpHeaders.COOKIE, "XSRF-TOKEN=" + this.xsrf)
            .exchange()
            .expectStatus().isNoContent();
        assertThat(MACHINE.received()).hasSize(2);
    }

    @Test
    void basicCredentialsABrowserRememberedAreRefusedOnAnotherSitesRequest() {
        ORDER.clear();
        this.client.post().uri("/api/devices")
            .headers(GatewayTestSupport::asAlice)
            .header("Sec-Fetch-Site", "cross-site")
            .contentType(MediaType.APPLICATION_JSON).body(DEVICE)
            .exchange()
            .expectStatus().isForbidden()
            .expectBody().jsonPath("$.title").isEqualTo("CSRF token missing");
        assertThat(ORDER).isEmpty();
        // the same from the dashboard's own origin goes through
        this.client.post().uri("/api/devices")
            .headers(GatewayTestSupport::asAlice)
            .header("Sec-Fetch-Site", "same-origin")
            .contentType(MediaType.APPLICATION_JSON).body(DEVICE)
            .exchange()
            .expectStatus().isCreated();
    }

    @Test
    void aRequestWithoutAnyCredentialsIsAskedForThemNotForACsrfToken() {
        this.client.post().uri("/api/devices").contentType(MediaType.APPLICATION_JSON).body(DEVICE).exchange()
            .expectStatus().isUnauthorized()
            .expectBody().jsonPath("$.detail").value((String detail) -> assertThat(detail).contains("API token"));
    }

    @Test
    void signingOutNeedsTheTokenAndThenEndsTheSession() {
        this.client.delete().uri("/api/session").header(HttpHeaders.COOKIE, this.session).exchange()
            .expectStatus().isForbidden();
        this.client.get().uri("/api/session").header(HttpHeaders.COOKIE, this.session).exchange()
            .expectStatus().isOk();

        this.client.delete().uri("/api/session").headers(asDashboard(this.xsrf, this.session)).exchange()
            .expectStatus().isNoContent();
        this.client.get().uri("/api/session").header(HttpHeaders.COOKIE, this.session).exchange()
            .expectStatus().isUnauthorized();
    }

}
