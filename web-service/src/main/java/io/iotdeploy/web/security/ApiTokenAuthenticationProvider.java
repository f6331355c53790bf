package io.iotdeploy.web.security;

import io.iotdeploy.web.security.AuthServiceAuthenticationProvider.AuthServiceFailure;
import io.iotdeploy.web.security.AuthServiceClient.VerifiedToken;
import io.iotdeploy.web.system.ServiceProblemException;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Checks {@code Authorization: Bearer iotd_…} API tokens with auth-service, remembering a success for a few
 * seconds. A refused token counts against the client's address like a wrong password ({@link LoginThrottle}); an
 * address inside its delay is refused before any check.
 */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

    private final AuthServiceClient authService;

    private final VerifiedApiTokens verified;

    private final LoginThrottle throttle;

    ApiTokenAuthenticationProvider(AuthServiceClient authService, VerifiedApiTokens verified,
            LoginThrottle throttle) {
        this.authService = authService;
        this.verified = verified;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        String address = LoginThrottle.addressOf(authentication);
        this.throttle.admit(null, address).ifPresent((refusal) -> {
            throw new LoginRateLimitedException(refusal);
        });
        GatewayUser user = this.verified.find(token).orElseGet(() -> {
            VerifiedToken verifiedToken = verify(token, address);
            GatewayUser owner = new GatewayUser(verifiedToken.username(), verifiedToken.admin());
            this.verified.remember(token, owner, verifiedToken.expiresAt());
            return owner;
        });
        return user.apiTokenAuthentication();
    }

    private VerifiedToken verify(String token, String address) {
        try {
            return this.authService.verifyToken(token);
        }
        catch (ServiceProblemException ex) {
            if (ex.getStatusCode().is4xxClientError()) {
                this.throttle.failed(null, address);
                throw new RefusedCredentialsException(ex.getBody());
            }
            throw new AuthServiceFailure(ex);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

}
