package io.iotdeploy.web.security;

import jakarta.servlet.DispatcherType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The gateway's security: the only door from outside. {@code /api/**} and {@code /upload} need a signed-in
 * browser session or HTTP Basic credentials (pipelines); the dashboard's files, the API description and health
 * are public. Replaces the internal-token library's chain, which admits only internal tokens.
 * <p>
 * CSRF protection is off for now (a later issue); the session cookie is HttpOnly and SameSite=Lax, so other
 * sites' pages cannot send it along with a POST.
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
    SecurityFilterChain gatewaySecurity(HttpSecurity http, AuthServiceClient authService,
            VerifiedCredentials verifiedCredentials, JsonMapper json) throws Exception {
        ProblemResponses problems = new ProblemResponses(json);
        return http
            .authorizeHttpRequests((requests) -> requests
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers(HttpMethod.POST, "/api/session").permitAll()
                .requestMatchers(HttpMethod.DELETE, "/api/session").permitAll()
                .requestMatchers("/api/**", "/upload").authenticated()
                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                .requestMatchers("/actuator/**").hasRole("ADMIN")
                // The dashboard (index.html, its scripts, the webjars) and the API description.
                .requestMatchers(HttpMethod.GET, "/**").permitAll()
                .requestMatchers(HttpMethod.HEAD, "/**").permitAll()
                .requestMatchers("/error").permitAll()
                .anyRequest().denyAll())
            .authenticationManager(new ProviderManager(
                    new AuthServiceAuthenticationProvider(authService, verifiedCredentials)))
            .httpBasic((basic) -> basic.authenticationEntryPoint(problems))
            .exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
                .accessDeniedHandler(problems))
            // A refused request is not kept for a redirect after a login page: there is none, and keeping it
            // would give every anonymous caller a session.
            .requestCache((cache) -> cache.disable())
            .logout((logout) -> logout.disable())
            .csrf((csrf) -> csrf.disable())
            .headers((headers) -> headers
                .contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions((frames) -> frames.deny()))
            .build();
    }

}
