package io.iotdeploy.audit;

import com.github.dockerjava.api.exception.DockerException;
import io.iotdeploy.device.DeviceEngineException;
import io.iotdeploy.device.ContainerNotFoundException;
import io.iotdeploy.device.DeviceNotFoundException;
import io.iotdeploy.device.DeviceProblems;
import io.iotdeploy.device.DeviceUnreachableException;

import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class AuditProblemAdvice {

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
        return DeviceProblems.engineError(ex, null, "stats");
    }

    @ExceptionHandler
    ProblemDetail containerNotFound(ContainerNotFoundException ex) {
        return DeviceProblems.containerNotFound(ex);
    }

}
