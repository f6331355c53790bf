package io.iotdeploy.device;

import com.github.dockerjava.api.exception.DockerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problem details of device failures, for every service that uses this library (registered by
 * {@link DeviceClientAutoConfiguration}): unknown device, failed lookup, unreachable or refused device, an
 * engine's error, an unknown container or an impossible container name. It comes before a service's own advice,
 * so that a service's catch-all for unexpected errors never hides a device failure.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DeviceProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(DeviceProblemAdvice.class);

    @ExceptionHandler
    ProblemDetail deviceNotFound(DeviceNotFoundException ex) {
        return DeviceProblems.notFound(ex);
    }

    @ExceptionHandler
    ProblemDetail deviceLookupFailed(DeviceLookupException ex) {
        return DeviceProblems.lookupFailed(ex);
    }

    @ExceptionHandler
    ProblemDetail deviceUnreachable(DeviceUnreachableException ex) {
        return DeviceProblems.unreachable(ex);
    }

    @ExceptionHandler
    ProblemDetail engineError(DeviceEngineException ex) {
        return DeviceProblems.engineError(ex);
    }

    /** An engine error that no feature attributed to a device and a step: a gap, but still a problem. */
    @ExceptionHandler
    ProblemDetail engineError(DockerException ex) {
        log.warn("engine error outside a device call", ex);
        return DeviceProblems.engineError(ex, null, "engine call");
    }

    @ExceptionHandler
    ProblemDetail containerNotFound(ContainerNotFoundException ex) {
        return DeviceProblems.containerNotFound(ex);
    }

    @ExceptionHandler
    ProblemDetail invalidContainerName(InvalidContainerNameException ex) {
        return DeviceProblems.invalidContainerName(ex);
    }

}
