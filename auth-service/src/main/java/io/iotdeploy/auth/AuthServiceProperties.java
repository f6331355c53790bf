package io.iotdeploy.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param password how passwords are hashed
 * @param admin    the first administrator
 */
@ConfigurationProperties("auth-service")
@Validated
public record AuthServiceProperties(@Valid @DefaultValue Password password, @Valid @DefaultValue Admin admin) {

    /**
     * @param iterations PBKDF2 iterations for new hashes; stored hashes with fewer are upgraded at the next log-in.
     *                   600000 is OWASP's figure for PBKDF2-HMAC-SHA256.
     */
    public record Password(@Min(1000) @DefaultValue("600000") int iterations) {
    }

    /**
     * @param password the password of the user {@code admin} created when there are no users yet
     *                 ({@code IOTDEPLOY_ADMIN_PASSWORD}); ignored once any user exists
     */
    public record Admin(String password) {

        public boolean hasPassword() {
            return this.password != null && !this.password.isEmpty();
        }

        @Override
        public String toString() {
            return "Admin[password=" + (hasPassword() ? "(set)" : "(not set)") + "]";
        }

    }

}
