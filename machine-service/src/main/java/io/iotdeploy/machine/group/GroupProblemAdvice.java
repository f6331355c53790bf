package io.iotdeploy.machine.group;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The groups' problem details: an unknown group (404, {@code group}), a name taken (409, {@code group}), a malformed
 * group (400, {@code field}) and a listed device that is not the caller's (404, {@code field} {@code devices} and
 * {@code device}). A malformed selector is the tags' problem ({@code TagProblemAdvice}).
 */
@RestControllerAdvice
class GroupProblemAdvice {

    @ExceptionHandler
    ProblemDetail notFound(GroupNotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("Unknown group");
        problem.setProperty("group", GroupService.quoted(ex.name()));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail duplicate(DuplicateGroupException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setTitle("Group already exists");
        problem.setProperty("group", ex.name());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidGroupException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Invalid group");
        problem.setProperty("field", ex.field());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail deviceNotFound(GroupDeviceNotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("Unknown device");
        problem.setProperty("field", "devices");
        problem.setProperty("device", ex.deviceId());
        return problem;
    }

}
