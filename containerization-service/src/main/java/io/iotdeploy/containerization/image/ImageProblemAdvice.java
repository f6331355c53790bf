package io.iotdeploy.containerization.image;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The service's problem details. Spring MVC's own request errors (a missing field, an upload over the size limit)
 * are problems of the {@code upload} step.
 */
@RestControllerAdvice
class ImageProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ImageProblemAdvice.class);

    @ExceptionHandler
    ProblemDetail imageBuild(ImageBuildException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
        problem.setTitle(ex.title());
        problem.setProperty("step", ex.step());
        if (ex.image() != null) {
            problem.setProperty("image", ex.image());
        }
        if (ex.output() != null) {
            problem.setProperty("output", ex.output());
        }
        ex.properties().forEach(problem::setProperty);
        if (ex.status().is5xxServerError()) {
            log.warn("{}: {}", ex.title(), ex.getMessage());
        }
        return problem;
    }

    @ExceptionHandler({ IOException.class, IllegalStateException.class })
    ProblemDetail unexpected(Exception ex) {
        log.error("Image build failed unexpectedly", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The image could not be made: " + ex.getMessage());
        problem.setTitle("Image build failed");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && statusCode.is4xxClientError()) {
            problem.setProperty("step", "upload");
        }
        return response;
    }

}
