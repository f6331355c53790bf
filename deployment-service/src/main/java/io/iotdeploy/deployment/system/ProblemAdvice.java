package io.iotdeploy.deployment.system;

import com.github.dockerjava.api.exception.DockerException;
import io.iotdeploy.device.DeviceNotFoundException;
import io.iotdeploy.device.DeviceProblems;
import io.iotdeploy.device.DeviceUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of this service as a problem detail. The features throw {@code ErrorResponseException}s that
 * carry their problem (handled by the base class); here are the device lookup's and the engines' failures.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> deviceNotFound(DeviceNotFoundException ex) {
        return answer(DeviceProblems.notFound(ex));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> deviceUnreachable(DeviceUnreachableException ex) {
        return answer(DeviceProblems.unreachable(ex));
    }

    /** machine-service, which knows the devices, did not answer or answered with an error other than 404. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> deviceLookupFailed(RestClientException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                "The device could not be looked up in machine-service: " + ex.getMessage());
        problem.setTitle("Device lookup failed");
        problem.setProperty("step", "device lookup");
        return answer(problem);
    }

    /** An engine error that no feature attributed to a device and a step: a gap, but still a problem. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> engineError(DockerException ex) {
        log.warn("engine error outside a device call", ex);
        return answer(DeviceProblems.engineError(ex, null, "engine call"));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(RuntimeException ex) {
        log.error("unexpected failure", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "deployment-service failed unexpectedly: " + ex.getMessage());
        problem.setTitle("Internal error");
        return answer(problem);
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

}
