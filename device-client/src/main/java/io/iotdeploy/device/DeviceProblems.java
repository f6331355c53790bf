package io.iotdeploy.device;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Problem details for what goes wrong with devices, the same in every service that drives them:
 * {@link DeviceProblemAdvice} answers with them, and a feature that adds its own subject (a container, an image)
 * starts from them.
 */
public final class DeviceProblems {

    private DeviceProblems() {
    }

    public static ProblemDetail notFound(DeviceNotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No device with id " + ex.deviceId() + " is registered for you.");
        problem.setTitle("Unknown device");
        return problem;
    }

    public static ProblemDetail lookupFailed(DeviceLookupException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, "Device " + ex.deviceId()
                + " could not be looked up in machine-service: " + ex.getCause().getMessage());
        problem.setTitle("Device lookup failed");
        problem.setProperty("step", "device lookup");
        return problem;
    }

    public static ProblemDetail unreachable(DeviceUnreachableException ex) {
        if (ex instanceof DeviceAddressRefusedException refused) {
            return addressRefused(refused);
        }
        HttpStatus status = ex.timedOut() ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
        problem.setTitle("Device unreachable");
        naming(problem, ex.device());
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
        naming(problem, ex.device());
        problem.setProperty("step", ex.step());
        problem.setProperty("rule", refusal.rule().id());
        problem.setProperty("refusedAddress", refusal.refusedAddress());
        return problem;
    }

    public static ProblemDetail containerNotFound(ContainerNotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("Unknown container");
        naming(problem, ex.device());
        problem.setProperty("container", ex.container());
        return problem;
    }

    public static ProblemDetail invalidContainerName(InvalidContainerNameException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Invalid container name");
        problem.setProperty("field", "container");
        return problem;
    }

    public static ProblemDetail engineError(DeviceEngineException ex) {
        return engineError(ex.getCause(), ex.device(), ex.step());
    }

    /**
     * An error the device's engine answered with: the engine's own words, with the device and the step. A port
     * that is already taken is a conflict (409), although the engine reports it as its own failure (500).
     */
    public static ProblemDetail engineError(DockerException ex, Device device, String step) {
        String message = engineMessage(ex);
        HttpStatus status;
        if (ex instanceof NotFoundException) {
            status = HttpStatus.NOT_FOUND;
        }
        else if (ex instanceof ConflictException || isPortTaken(message)) {
            status = HttpStatus.CONFLICT;
        }
        else if (ex.getHttpStatus() >= 400 && ex.getHttpStatus() < 500) {
            status = HttpStatus.valueOf(ex.getHttpStatus());
        }
        else {
            status = HttpStatus.BAD_GATEWAY;
        }
        String where = (device != null) ? " on device " + device.label() : "";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, step + where + " failed: " + message);
        problem.setTitle(isPortTaken(message) ? "Port already in use" : "Device " + step + " failed");
        naming(problem, device);
        problem.setProperty("step", step);
        return problem;
    }

    /** A problem about something on a device, naming the device. */
    public static ProblemDetail onDevice(HttpStatus status, String title, String detail, Device device) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        naming(problem, device);
        return problem;
    }

    static boolean isPortTaken(String engineMessage) {
        return engineMessage.contains("port is already allocated") || engineMessage.contains("address already in use");
    }

    /**
     * The engine's own words. docker-java's message is {@code Status 404: {"message":"No such container: x"}}; the
     * body is parsed as JSON because the engine's message often quotes URLs and names.
     */
    public static String engineMessage(DockerException ex) {
        String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
        int body = message.indexOf('{');
        if (body >= 0) {
            try {
                JsonNode text = JsonMapper.shared().readTree(message.substring(body)).get("message");
                if (text != null && text.isString()) {
                    return text.asString().strip();
                }
            }
            catch (JacksonException notJson) {
                // an engine that answered with something else: keep docker-java's text
            }
        }
        return message.strip();
    }

    private static void naming(ProblemDetail problem, Device device) {
        if (device != null) {
            problem.setProperty("device", device.name());
            problem.setProperty("address", device.address());
        }
    }

}
