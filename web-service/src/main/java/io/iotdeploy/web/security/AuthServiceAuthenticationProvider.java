package io.iotdeploy.web.security;

import io.iotdeploy.web.system.ServiceProblemException;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Checks HTTP Basic credentials against auth-service, remembering a success for a few minutes. A wrong name or
 * password fails with auth-service's own words and counts as a failed sign-in ({@link LoginThrottle}); an attempt
 * inside a delay that failures set is refused (429) before anything is checked, remembered successes included. An
 * auth-service that fails or cannot be reached is reported as such, not as wrong credentials.
 */
final class AuthServiceAuthenticationProvider implements AuthenticationProvider {

    private final AuthServiceClient authService;

    private final VerifiedCredentials verified;

    private final LoginThrottle throttle;

    AuthServiceAuthenticationProvider(AuthServiceClient authService, VerifiedCredentials verified,
            LoginThrottle throttle) {
        this.authService = authService;
        this.verified = verified;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String password = String.valueOf(authentication.getCredentials());
        String address = LoginThrottle.addressOf(authentication);
        // Before the remembered successes too: else they would answer unlimited guesses of a pipeline's password.
        this.throttle.admit(username, address).ifPresent((refusal) -> {
            throw new LoginRateLimitedException(refusal);
        });
        GatewayUser user = this.verified.find(username, password).orElseGet(() -> {
            GatewayUser verifiedUser = verify(username, password, address);
            this.verified.remember(username, password, verifiedUser);
            return verifiedUser;
        });
        // a remembered password is as right as a checked one: this address is where the user signs in
        this.throttle.succeeded(username, address);
        return user.authentication();
    }

    private GatewayUser verify(String username, String password, String address) {
        try {
            return this.authService.verify(username, password);
        }
        catch (ServiceProblemException ex) {
            String detail = ex.getBody().getDetail();
            if (ex.getStatusCode().is4xxClientError()) {
                this.throttle.failed(username, address);
                throw new BadCredentialsException((detail != null) ? detail : "wrong user name or password");
            }
            throw new AuthServiceFailure(ex);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** auth-service could not say whether the credentials are right. */
    static final class AuthServiceFailure extends AuthenticationServiceException {

        private final transient ServiceProblemException problem;

        AuthServiceFailure(ServiceProblemException problem) {
            super(problem.getBody().getDetail(), problem);
            this.problem = problem;
        }

        ServiceProblemException problem() {
            return this.problem;
        }

    }

}
