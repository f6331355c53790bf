package io.iotdeploy.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DeferredCsrfToken;

/**
 * The browser's CSRF tokens, always handed out as the XSRF-TOKEN cookie that the dashboard's scripts read and echo
 * in X-XSRF-TOKEN. Before sign-in the cookie alone holds the token (double submit: another site's page can neither
 * read the cookie nor set the header), so an anonymous visitor needs no session. A sign-in renews the token and
 * binds it to the new session ({@link #renew}): from then on a request of that session must carry the session's
 * token, and the one the browser had before, which someone may have seen or planted, no longer works, not even
 * sent as cookie and header together. A browser whose cookie is not its session's token is sent the right one.
 */
final class CsrfTokens implements CsrfTokenRepository {

    private static final String SESSION_ATTRIBUTE = CsrfTokens.class.getName() + ".TOKEN";

    private final CookieCsrfTokenRepository cookies = CookieCsrfTokenRepository.withHttpOnlyFalse();

    CsrfTokens() {
        this.cookies.setCookieCustomizer((cookie) -> cookie.sameSite("Lax"));
    }

    /** After a sign-in, once the new session exists: a new token, bound to that session and sent as the cookie. */
    void renew(HttpServletRequest request, HttpServletResponse response) {
        if (request.getSession(false) == null) {
            throw new IllegalStateException("the CSRF token is renewed for the session a sign-in started");
        }
        saveToken(generateToken(request), request, response);
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return this.cookies.generateToken(request);
    }

    /** Sends the token as the cookie; with a session, the token is the session's from now on. */
    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        this.cookies.saveToken(token, request, response);
        HttpSession session = request.getSession(false);
        if (session != null) {
            if (token != null) {
                session.setAttribute(SESSION_ATTRIBUTE, token);
            }
            else {
                session.removeAttribute(SESSION_ATTRIBUTE);
            }
        }
    }

    /** The session's token when it has one, else the cookie's. */
    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        CsrfToken bound = sessionToken(request);
        return (bound != null) ? bound : this.cookies.loadToken(request);
    }

    @Override
    public DeferredCsrfToken loadDeferredToken(HttpServletRequest request, HttpServletResponse response) {
        CsrfToken bound = sessionToken(request);
        if (bound == null) {
            return this.cookies.loadDeferredToken(request, response);
        }
        CsrfToken cookie = this.cookies.loadToken(request);
        if (cookie == null || !cookie.getToken().equals(bound.getToken())) {
            this.cookies.saveToken(bound, request, response);
        }
        // a browser that came without any token is told so ("missing"), as before it signed in
        boolean hadNone = cookie == null;
        return new DeferredCsrfToken() {
            @Override
            public CsrfToken get() {
                return bound;
            }

            @Override
            public boolean isGenerated() {
                return hadNone;
            }
        };
    }

    private static CsrfToken sessionToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return (session != null && session.getAttribute(SESSION_ATTRIBUTE) instanceof CsrfToken token) ? token : null;
    }

}
