package io.iotdeploy.web.security;

import jakarta.servlet.DispatcherType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * The gateway's security: the only door from outside. {@code /api/**} and {@code /upload} need a signed-in
 * browser session, an API token ({@code Authorization: Bearer iotd_…}) or HTTP Basic credentials; the
 * dashboard's files, the API description and health are public. Replaces the internal-token library's chain,
 * which admits only internal tokens.
 * <p>
 * The session cookie is HttpOnly and SameSite=Lax; on top of that every state-changing request of a browser
 * carries the CSRF token: Spring Security's single-page-application setup, the XSRF-TOKEN cookie that AngularJS
 * echoes in the X-XSRF-TOKEN header. Requests with their own {@code Authorization} header need none
 * ({@link CsrfRequests}); a sign-in renews the token and binds it to the session ({@link CsrfTokens}). Failed
 * sign-ins slow down further attempts per client address, per user name and address, and per user name at addresses
 * it has not signed in from ({@link LoginThrottle}); the client's address is the connection's ({@link ClientAddress}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * The dashboard loads only its own files: no inline script can run, so injected markup cannot act.
     * Bootstrap draws its icons (select arrow, close button) as {@code data:} SVG images.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    @Bean
    CsrfTokens csrfTokens() {
        return new CsrfTokens();
    }

    @Bean
    SecurityFilterChain gatewaySecurity(HttpSecurity http, AuthServiceClient authService,
            VerifiedCredentials verifiedCredentials, VerifiedApiTokens verifiedApiTokens, LoginThrottle throttle,
            ClientAddress clientAddress, CsrfTokens csrfTokens, JsonMapper json) throws Exception {
        ProblemResponses problems = new ProblemResponses(json);
        BearerTokenAuthenticationFilter apiTokens = new BearerTokenAuthenticationFilter(new ProviderManager(
                new ApiTokenAuthenticationProvider(authService, verifiedApiTokens, throttle)));
        apiTokens.setAuthenticationEntryPoint(problems);
        apiTokens.setAuthenticationFailureHandler(problems::commence);
        apiTokens.setAuthenticationDetailsSource(clientAddress.details());
        return http
            .authorizeHttpRequests((requests) -> requests
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers(HttpMethod.POST, "/api/session").permitAll()
                .requestMatchers(HttpMethod.DELETE, "/api/session").permitAll()
                // a leaked token must not mint tokens that outlive its revocation
                .requestMatchers("/api/tokens", "/api/tokens/**").access(notByApiToken())
                .requestMatchers("/api/**", "/upload").authenticated()
                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                .requestMatchers("/actuator/**").hasRole("ADMIN")
                // The dashboard (index.html, its scripts, the webjars) and the API description.
                .requestMatchers(HttpMethod.GET, "/**").permitAll()
                .requestMatchers(HttpMethod.HEAD, "/**").permitAll()
                .requestMatchers("/error").permitAll()
                .anyRequest().denyAll())
            .authenticationManager(new ProviderManager(
                    new AuthServiceAuthenticationProvider(authService, verifiedCredentials, throttle)))
            .httpBasic((basic) -> basic.authenticationEntryPoint(problems)
                .authenticationDetailsSource(clientAddress.details()))
            .addFilterBefore(apiTokens, BasicAuthenticationFilter.class)
            .exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
                .accessDeniedHandler(problems))
            // A refused request is not kept for a redirect after a login page: there is none, and keeping it
            // would give every anonymous caller a session.
            .requestCache((cache) -> cache.disable())
            .logout((logout) -> logout.disable())
            .csrf((csrf) -> csrf.spa()
                .csrfTokenRepository(csrfTokens)
                .requireCsrfProtectionMatcher(new CsrfRequests()))
            .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
            .headers((headers) -> headers
                .contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions((frames) -> frames.deny()))
            .build();
    }

    /** Authenticated, but not by an API token: sessions and HTTP Basic manage tokens. */
    private static AuthorizationManager<RequestAuthorizationContext> notByApiToken() {
        return (authentication, context) -> {
            Authentication caller = authentication.get();
            boolean signedIn = caller != null && caller.isAuthenticated()
                    && caller.getAuthorities().stream().anyMatch((role) -> "ROLE_USER".equals(role.getAuthority()));
            return new AuthorizationDecision(signedIn && !GatewayUser.isApiToken(caller));
        };
    }

}
