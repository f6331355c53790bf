package io.iotdeploy.web.security;

import java.time.Duration;
import java.time.Instant;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A sign-in refused before it was checked: too many failures with this user name or from this address.
 *
 * @param limit    which limit holds
 * @param username the user name, for the user limit
 * @param failures how many failures the limit allows
 * @param window   within how long
 * @param retryAt  when the next attempt is allowed
 * @param now      when it was refused
 */
record LoginRefusal(Limit limit, String username, int failures, Duration window, Instant retryAt, Instant now) {

    /** Which limit holds; its name is the problem's {@code limit} property. */
    enum Limit {

        USER("user"), ADDRESS("address");

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
        String whose = (this.limit == Limit.USER) ? "for the user '" + this.username + "'" : "from your address";
        return "Too many failed sign-ins " + whose + " (" + this.failures + " within " + readable(this.window)
                + "): try again in " + retryAfterSeconds() + " s, at " + this.retryAt + ".";
    }

    ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail());
        problem.setTitle("Too many failed sign-ins");
        problem.setProperty("limit", this.limit.property);
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

    private static String readable(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 60 == 0) {
            long minutes = seconds / 60;
            return minutes + ((minutes == 1) ? " minute" : " minutes");
        }
        return seconds + " seconds";
    }

}
