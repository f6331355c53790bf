package io.iotdeploy.machine.device;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Malformed tags and selectors as 400 problem details naming the {@code field} ({@code tags}, {@code selector}), the
 * {@code tag} or the {@code selector} and its {@code term}, wherever they were sent: a device's tags, a registration,
 * {@code GET /devices?selector=}, a group.
 */
@RestControllerAdvice
class TagProblemAdvice {

    @ExceptionHandler
    ProblemDetail invalidTags(InvalidTagsException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "tags: " + ex.getMessage()
                + ". Nothing was changed.");
        problem.setTitle("Invalid tags");
        problem.setProperty("field", "tags");
        if (ex.tag() != null) {
            problem.setProperty("tag", ex.tag());
        }
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalidSelector(InvalidSelectorException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "selector '"
                + DeviceTags.quoted(ex.selector()) + "': " + ex.getMessage() + ".");
        problem.setTitle("Invalid selector");
        problem.setProperty("field", "selector");
        problem.setProperty("selector", DeviceTags.quoted(ex.selector()));
        if (ex.term() != null) {
            problem.setProperty("term", DeviceTags.quoted(ex.term()));
        }
        return problem;
    }

}
