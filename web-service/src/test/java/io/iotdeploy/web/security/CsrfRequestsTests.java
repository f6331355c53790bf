package io.iotdeploy.web.security;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class CsrfRequestsTests {

    private final CsrfRequests csrf = new CsrfRequests();

    @Test
    void readingNeverNeedsTheToken() {
        for (String method : new String[] { "GET", "HEAD", "OPTIONS", "TRACE" }) {
            assertThat(this.csrf.matches(request(method, "/api/devices", "JSESSIONID=1", null, null))).isFalse();
        }
    }

    @Test
    void everyChangeWithACookieNeedsIt() {
        for (String method : new String[] { "POST", "PUT", "PATCH", "DELETE" }) {
            assertThat(this.csrf.matches(request(method, "/api/devices/1", "JSESSIONID=1", null, null))).isTrue();
        }
        assertThat(this.csrf.matches(request("POST", "/upload", "JSESSIONID=1", null, null))).isTrue();
    }

    @Test
    void theSignInNeedsItEvenWithoutCookies() {
        assertThat(this.csrf.matches(request("POST", "/api/session", null, null, null))).isTrue();
        assertThat(this.csrf.matches(request("POST", "/upload", null, null, null))).isFalse();
    }

    @Test
    void ownCredentialsNeedNoneUnlessABrowserSendsRememberedBasicCredentialsForAnotherSite() {
        assertThat(this.csrf.matches(request("POST", "/upload", "JSESSIONID=1", "Bearer iotd_x", "cross-site")))
            .isFalse();
        assertThat(this.csrf.matches(request("POST", "/upload", "JSESSIONID=1", "Basic YTpi", null))).isFalse();
        assertThat(this.csrf.matches(request("POST", "/upload", null, "basic YTpi", "same-origin"))).isFalse();
        assertThat(this.csrf.matches(request("POST", "/upload", null, "Basic YTpi", "none"))).isFalse();
        assertThat(this.csrf.matches(request("POST", "/upload", null, "Basic YTpi", "cross-site"))).isTrue();
        assertThat(this.csrf.matches(request("POST", "/upload", null, "Basic YTpi", "same-site"))).isTrue();
        // another scheme is no credential of the gateway's
        assertThat(this.csrf.matches(request("POST", "/upload", "JSESSIONID=1", "Digest x", null))).isTrue();
    }

    private static MockHttpServletRequest request(String method, String path, String cookie, String authorization,
            String fetchSite) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (cookie != null) {
            request.addHeader("Cookie", cookie);
        }
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        if (fetchSite != null) {
            request.addHeader("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }

}
