package io.iotdeploy.web.security;

import org.springframework.security.core.AuthenticationException;

/** Credentials not even checked: {@link LoginThrottle} refused the attempt. */
final class LoginRateLimitedException extends AuthenticationException {

    private final transient LoginRefusal refusal;

    LoginRateLimitedException(LoginRefusal refusal) {
        super(refusal.detail());
        this.refusal = refusal;
    }

    LoginRefusal refusal() {
        return this.refusal;
    }

}
