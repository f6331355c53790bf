package io.iotdeploy.logging;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** This service's own problems; the devices' are device-client's {@code DeviceProblemAdvice}'s. */
@RestControllerAdvice
class LoggingProblemAdvice {

    @ExceptionHandler
    ProblemDetail tooManyStreams(TooManyStreamsException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setTitle("Too many log streams");
        return problem;
    }

}
