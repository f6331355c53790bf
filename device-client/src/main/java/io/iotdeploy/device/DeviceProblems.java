package io.iotdeploy.device;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Problem details for what goes wrong with devices, the same in every service that drives them. A service's
 * {@code @RestControllerAdvice} hands these exceptions here.
 */
public final class DeviceProblems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceProblems() {
    }

    public static ProblemDetail notFound(DeviceNotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No device with id " + ex.deviceId() + " is registered for you.");
        problem.setTitle("Unknown device");
        return problem;
    }

    public static ProblemDetail unreachable(DeviceUnreachableException ex) {
        if (ex instanceof DeviceAddressRefusedException refused) {
            return addressRefused(refused);
        }
        HttpStatus status = ex.timedOut() ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
        problem.setTitle("Device unreachable");
        problem.setProperty("device", ex.device().name());
        problem.setProperty("address", ex.device().address());
        problem.setProperty("step", ex.step());
        return problem;
    }

    /**
     * 403: the platform refuses to contact the device at the address it has now (which rule refused which
     * address, in {@code rule} and {@code refusedAddress}); nothing was sent to it.
     */
    public static ProblemDetail addressRefused(DeviceAddressRefusedException ex) {
        AddressRefusedException refusal = ex.getCause();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "The platform did not contact "
                + "device " + ex.device().label() + " for " + ex.step() + ": " + refusal.getMessage());
        problem.setTitle("Device address refused");
        problem.setProperty("device", ex.device().name());
        problem.setProperty("address", ex.device().address());
        problem.setProperty("step", ex.step());
        problem.setProperty("rule", refusal.rule().id());
        problem.setProperty("refusedAddress", refusal.refusedAddress());
        return problem;
    }

    public static ProblemDetail containerNotFound(ContainerNotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("Unknown container");
        problem.setProperty("device", ex.device().name());
        problem.setProperty("address", ex.device().address());
        problem.setProperty("container", ex.container());
        return problem;
    }

    public static ProblemDetail engineError(DeviceEngineException ex) {
        return engineError(ex.getCause(), ex.device(), ex.step());
    }

    /** An error the device's engine answered with: its own message, with the device and the step. */
    public static ProblemDetail engineError(DockerException ex, Device device, String step) {
        HttpStatus status;
        if (ex instanceof NotFoundException) {
            status = HttpStatus.NOT_FOUND;
        }
        else if (ex instanceof ConflictException) {
            status = HttpStatus.CONFLICT;
        }
        else if (ex.getHttpStatus() >= 400 && ex.getHttpStatus() < 500) {
            status = HttpStatus.valueOf(ex.getHttpStatus());
        }
        else {
            status = HttpStatus.BAD_GATEWAY;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, engineMessage(ex));
        problem.setTitle("Device " + step + " failed");
        if (device != null) {
            problem.setProperty("device", device.name());
            problem.setProperty("address", device.address());
        }
        problem.setProperty("step", step);
        return problem;
    }

    /** docker-java's message is "Status 404: {"message":"No such container: x"}"; keep the engine's words. */
    static String engineMessage(DockerException ex) {
        String message = ex.getMessage();
        int body = message.indexOf('{');
        if (body >= 0) {
            try {
                JsonNode json = JSON.readTree(message.substring(body));
                if (json.hasNonNull("message")) {
                    return json.get("message").asText();
                }
            }
            catch (IOException notJson) {
                // an engine that answered with something else: keep docker-java's text
            }
        }
        return message;
    }

}
