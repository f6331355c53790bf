package io.iotdeploy.web.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands every client the XSRF-TOKEN cookie on its first request. Spring Security loads the token only when a
 * request needs it, so without this the dashboard's first POST (the sign-in) would be refused for want of the
 * cookie it had not been given yet.
 */
final class CsrfCookieFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        if (token != null) {
            // loading the token writes the cookie when the request brought none
            token.getToken();
        }
        chain.doFilter(request, response);
    }

}
