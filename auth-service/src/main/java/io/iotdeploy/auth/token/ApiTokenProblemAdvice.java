package io.iotdeploy.auth.token;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The problem details of the token endpoints. */
@RestControllerAdvice
class ApiTokenProblemAdvice {

    @ExceptionHandler
    ProblemDetail invalid(InvalidApiTokenRequestException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Invalid " + ex.field());
        problem.setProperty("field", ex.field());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notFound(ApiTokenNotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("API token not found");
        problem.setProperty("tokenId", ex.id());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail refused(ApiTokenRefusedException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ex.getMessage());
        problem.setTitle("Invalid API token");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail forbidden(ApiTokenForbiddenException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
        problem.setTitle("Forbidden");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unknownUser(UnknownUserException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("Unknown user");
        return problem;
    }

}
