package io.iotdeploy.deployment.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * This service's own errors as problem details. The features throw {@code ErrorResponseException}s that carry
 * their problem (handled by the base class); the devices' failures are answered by device-client's
 * {@code DeviceProblemAdvice}, which comes first; what is left is a failure nobody expected.
 */
@RestControllerAdvice
class DeploymentProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeploymentProblemAdvice.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(RuntimeException ex) {
        log.error("unexpected failure", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "deployment-service failed unexpectedly: " + ex.getMessage());
        problem.setTitle("Internal error");
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

}
