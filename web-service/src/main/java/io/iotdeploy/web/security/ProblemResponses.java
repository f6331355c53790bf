package io.iotdeploy.web.security;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import io.iotdeploy.web.security.AuthServiceAuthenticationProvider.AuthServiceFailure;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.MissingCsrfTokenException;

/**
 * Security's refusals as problem details, written before any controller runs. The dashboard's requests get no
 * {@code WWW-Authenticate: Basic}, so that the browser does not pop up its own password dialog over the
 * dashboard's sign-in form; {@code curl} and pipelines do get it. Never repeats a credential: details come from
 * the gateway's own words or auth-service's, which name a token by its prefix at most.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final String SIGN_IN = "sign in (POST /api/session), or send an API token "
            + "(Authorization: Bearer iotd_…) or HTTP Basic credentials";

    static final String CSRF_HEADER = "X-XSRF-TOKEN";

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        if (ex instanceof AuthServiceFailure failure) {
            write(request, response, failure.problem().getBody());
            return;
        }
        if (ex instanceof LoginRateLimitedException limited) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(limited.refusal().retryAfterSeconds()));
            write(request, response, limited.refusal().problem());
            return;
        }
        if (ex instanceof RefusedCredentialsException refused) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            write(request, response, refused.problem());
            return;
        }
        if (ex instanceof OAuth2AuthenticationException invalid) {
            // the Bearer header itself is malformed (Spring Security's resolver says so before any check)
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    invalid.getError().getDescription() + "; an API token is 'iotd_' and 43 base64url characters");
            problem.setTitle("Invalid API token");
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            write(request, response, problem);
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                (ex instanceof BadCredentialsException) ? ex.getMessage() : SIGN_IN);
        problem.setTitle("Unauthorized");
        if (!fromScript(request)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"IoT Deploy\", charset=\"UTF-8\"");
        }
        write(request, response, problem);
    }

    /** The dashboard's requests: its XHRs say so, and an EventSource (which cannot set headers) asks for events. */
    private static boolean fromScript(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return "XMLHttpRequest".equals(request.getHeader("X-Requested-With"))
                || (accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        write(request, response, forbidden(request, ex));
    }

    private static ProblemDetail forbidden(HttpServletRequest request, AccessDeniedException ex) {
        String action = request.getMethod() + " " + request.getRequestURI();
        if (ex instanceof CsrfException) {
            return csrfRefused(request, action, ex);
        }
        if (GatewayUser.isApiToken(SecurityContextHolder.getContext().getAuthentication())
                && request.getRequestURI().startsWith(request.getContextPath() + "/api/tokens")) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, action
                    + " is not open to API tokens: a token cannot create, list or revoke tokens. Sign in to the "
                    + "dashboard, or use HTTP Basic credentials.");
            problem.setTitle("Not with an API token");
            return problem;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, action + " is not open to you");
        problem.setTitle("Forbidden");
        return problem;
    }

    /**
     * A browser's request without a matching CSRF token. Spring Security says "missing" when the client had no
     * token cookie at all, "invalid" when the header is absent or differs from the client's token ({@link
     * CsrfTokens}: the cookie's, or the session's since sign-in).
     */
    private static ProblemDetail csrfRefused(HttpServletRequest request, String action, AccessDeniedException ex) {
        String header = request.getHeader(CSRF_HEADER);
        String detail;
        if (ex instanceof MissingCsrfTokenException) {
            detail = action + " needs a CSRF token and this client has none yet: every answer of the gateway sets "
                    + "the XSRF-TOKEN cookie; send its value back in the " + CSRF_HEADER + " header";
        }
        else if (header == null || header.isEmpty()) {
            detail = action + " came without the " + CSRF_HEADER + " header: send the XSRF-TOKEN cookie's value "
                    + "in it";
        }
        else {
            detail = action + " came with a CSRF token that does not match this client's current one (the "
                    + "XSRF-TOKEN cookie, which a sign-in renews): reload the page and try again";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail
                + ". The dashboard does this by itself; pipelines authenticate with an API token or HTTP Basic "
                + "and need no CSRF token.");
        boolean missing = ex instanceof MissingCsrfTokenException || header == null || header.isEmpty();
        problem.setTitle(missing ? "CSRF token missing" : "Invalid CSRF token");
        return problem;
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (problem.getType() != null) {
            body.put("type", problem.getType().toString());
        }
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        URI instance = problem.getInstance();
        body.put("instance", (instance != null) ? instance.toString() : request.getRequestURI());
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(body::putIfAbsent);
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        this.json.writeValue(response.getOutputStream(), body);
    }

}
