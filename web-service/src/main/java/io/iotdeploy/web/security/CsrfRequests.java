package io.iotdeploy.web.security;

import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which requests must carry the CSRF token: every state-changing one that a browser could send on its own with
 * the user's credentials, that is with cookies, and every sign-in. A request that authenticates with its own
 * {@code Authorization} header needs none, because a page of another site cannot set that header: an API token
 * never; HTTP Basic only when the browser adds credentials it remembered from its own password dialog, so Basic
 * from another site's page (the browser says so in {@code Sec-Fetch-Site}) needs the token like a session does.
 * A request without any cookie or credentials carries nothing to abuse: it is told to authenticate (401), not
 * about CSRF.
 */
final class CsrfRequests implements RequestMatcher {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "TRACE", "OPTIONS");

    /** What browsers send in {@code Sec-Fetch-Site} for a request of the page's own origin, or typed by the user. */
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    @Override
    public boolean matches(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return false;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String scheme = (authorization != null) ? authorization.strip().toLowerCase(Locale.ROOT) : "";
        if (scheme.startsWith("bearer ")) {
            return false;
        }
        if (scheme.startsWith("basic ")) {
            String site = request.getHeader("Sec-Fetch-Site");
            return site != null && !OWN_SITE.contains(site.toLowerCase(Locale.ROOT));
        }
        return request.getHeader(HttpHeaders.COOKIE) != null || isSignIn(request);
    }

    private static boolean isSignIn(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && (request.getContextPath() + "/api/session").equals(request.getRequestURI());
    }

}
