package io.iotdeploy.logging;

import com.github.dockerjava.api.exception.DockerException;
import io.iotdeploy.device.DeviceEngineException;
import io.iotdeploy.device.ContainerNotFoundException;
import io.iotdeploy.device.DeviceNotFoundException;
import io.iotdeploy.device.DeviceProblems;
import io.iotdeploy.device.DeviceUnreachableException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class LoggingProblemAdvice {

    @ExceptionHandler
    ProblemDetail deviceNotFound(DeviceNotFoundException ex) {
        return DeviceProblems.notFound(ex);
    }

    @ExceptionHandler
    ProblemDetail deviceUnreachable(DeviceUnreachableException ex) {
        return DeviceProblems.unreachable(ex);
    }

    @ExceptionHandler
    ProblemDetail engineError(DeviceEngineException ex) {
        return DeviceProblems.engineError(ex);
    }

    @ExceptionHandler
    ProblemDetail engineError(DockerException ex) {
        return DeviceProblems.engineError(ex, null, ContainerLogs.STEP);
    }

    @ExceptionHandler
    ProblemDetail containerNotFound(ContainerNotFoundException ex) {
        return DeviceProblems.containerNotFound(ex);
    }

    @ExceptionHandler
    ProblemDetail tooManyStreams(TooManyStreamsException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setTitle("Too many log streams");
        return problem;
    }

}
