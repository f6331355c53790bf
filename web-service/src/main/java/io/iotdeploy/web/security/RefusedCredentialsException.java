package io.iotdeploy.web.security;

import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.BadCredentialsException;

/** auth-service said no to an API token: its problem detail goes to the client as it is. */
final class RefusedCredentialsException extends BadCredentialsException {

    private final transient ProblemDetail problem;

    RefusedCredentialsException(ProblemDetail problem) {
        super((problem.getDetail() != null) ? problem.getDetail() : "the API token is not valid");
        this.problem = problem;
    }

    ProblemDetail problem() {
        return this.problem;
    }

}
