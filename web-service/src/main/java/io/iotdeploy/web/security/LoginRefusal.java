package io.iotdeploy.web.security;

import java.time.Duration;
import java.time.Instant;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A sign-in refused before it was checked: it came inside a delay that failed sign-ins set ({@link LoginThrottle}).
 *
 * @param limit    which delay holds
 * @param username the user name, for the delays of a user
 * @param failures the failures that set the delay
 * @param retryAt  when the next attempt is allowed
 * @param now      when it was refused
 */
record LoginRefusal(Limit limit, String username, int failures, Instant retryAt, Instant now) {

    /** Which delay holds; its name is the problem's {@code limit} property. */
    enum Limit {

        /** The user name's failures from this address. */
        USER_AND_ADDRESS("user-and-address"),

        /** This address's failures, any user name or API token. */
        ADDRESS("address"),

        /** The user name's failures from several addresses, for an address where the user has not signed in lately. */
        USER("user");

        private final String property;

        Limit(String property) {
            this.property = property;
        }

    }

    /** Whole seconds until the next attempt, at least one: the {@code Retry-After} value. */
    long retryAfterSeconds() {
        long millis = Duration.between(this.now, this.retryAt).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    String detail() {
        String retry = "try again in " + retryAfterSeconds() + " s, at " + this.retryAt;
        return switch (this.limit) {
            case USER_AND_ADDRESS -> "Slowed down after " + this.failures + " failed sign-ins as '" + this.username
                    + "' from your address: " + retry + ".";
            case ADDRESS -> "Slowed down after " + this.failures + " failed sign-ins from your address: " + retry + ".";
            case USER -> "Slowed down: sign-ins as '" + this.username + "' are failing from several addresses, "
                    + "and yours has not signed in as '" + this.username + "' lately: " + retry + ". Where '"
                    + this.username + "' signed in before, the right password is not slowed.";
        };
    }

    ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail());
        problem.setTitle("Too many failed sign-ins");
        problem.setProperty("limit", this.limit.property);
        problem.setProperty("failures", this.failures);
        problem.setProperty("retryAfter", retryAfterSeconds());
        problem.setProperty("retryAt", this.retryAt.toString());
        return problem;
    }

    /** As a controller's exception: 429 with {@code Retry-After}. */
    ErrorResponseException toErrorResponse() {
        ErrorResponseException exception = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem(), null);
        exception.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds()));
        return exception;
    }

}
