package io.iotdeploy.device;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problem details of device failures, for every service that uses this library (registered by
 * {@link DeviceClientAutoConfiguration}): unknown device, failed lookup, unreachable or refused device, an
 * engine's error, an unknown container or an impossible container name. It comes before a service's own advice,
 * so that a service's catch-all for unexpected errors never hides a device failure. Spring also matches an
 * exception's causes against an advice's handlers, so this one handles only the library's own exceptions: a
 * feature's problem whose cause is docker-java's exception (deployment's, the image builder's) stays the feature's.
 * Every engine call through {@link DeviceEngines} attributes docker-java's exceptions to a device and a step.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DeviceProblemAdvice {

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

    @ExceptionHandler
    ProblemDetail containerNotFound(ContainerNotFoundException ex) {
        return DeviceProblems.containerNotFound(ex);
    }

    @ExceptionHandler
    ProblemDetail invalidContainerName(InvalidContainerNameException ex) {
        return DeviceProblems.invalidContainerName(ex);
    }

}
