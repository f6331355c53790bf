package io.iotdeploy.auth.user;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The service's problem details; Spring MVC's own exceptions are Boot's (spring.mvc.problemdetails). */
@RestControllerAdvice
class UserProblemAdvice {

    @ExceptionHandler
    ProblemDetail wrongCredentials(WrongCredentialsException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ex.getMessage());
        problem.setTitle("Wrong credentials");
        if (ex.field() != null) {
            problem.setProperty("field", ex.field());
        }
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidUserRequestException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Invalid " + ex.field());
        problem.setProperty("field", ex.field());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail exists(UserExistsException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setTitle("User exists");
        problem.setProperty("username", ex.username());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail adminRequired(AdminRequiredException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
        problem.setTitle("Administrators only");
        return problem;
    }

}
