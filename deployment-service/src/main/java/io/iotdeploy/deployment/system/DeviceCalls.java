package io.iotdeploy.deployment.system;

import java.util.Map;
import java.util.function.Function;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceEngines;
import io.iotdeploy.device.DeviceProblems;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Calls on a device's engine, each for one named step. An error the engine answers with becomes a problem
 * detail naming the device, the step and what was being worked on ({@code subject}: container, image), so
 * that no caller has to map docker-java's exceptions itself.
 */
@Component
public class DeviceCalls {

    private final DeviceEngines engines;

    DeviceCalls(DeviceEngines engines) {
        this.engines = engines;
    }

    /** The caller's device; machine-service answers 404 for one that is not theirs. */
    public Device device(long deviceId) {
        return this.engines.device(deviceId);
    }

    public <T> T control(Device device, String step, Map<String, ?> subject, Function<DockerClient, T> call) {
        try {
            return this.engines.control(device, step, call);
        }
        catch (DockerException ex) {
            throw engineFailure(device, step, subject, ex);
        }
    }

    public <T> T streaming(Device device, String step, Map<String, ?> subject, Function<DockerClient, T> call) {
        try {
            return this.engines.streaming(device, step, call);
        }
        catch (DockerException ex) {
            throw engineFailure(device, step, subject, ex);
        }
    }

    /**
     * The problem for an error the engine answered with. A port that is already taken is a conflict (409),
     * although the engine reports it as its own failure (500).
     */
    public static ErrorResponseException engineFailure(Device device, String step, Map<String, ?> subject,
            DockerException ex) {
        ProblemDetail problem = DeviceProblems.engineError(ex, device, step);
        String message = engineMessage(ex);
        problem.setDetail(step + " on device " + device.label() + " failed: " + message);
        if (isPortTaken(message)) {
            problem.setStatus(HttpStatus.CONFLICT);
            problem.setTitle("Port already in use");
        }
        subject.forEach(problem::setProperty);
        return new ErrorResponseException(HttpStatusCode.valueOf(problem.getStatus()), problem, ex);
    }

    /** A problem about something on a device (a container, an image), naming the device. */
    public static ErrorResponseException problem(HttpStatus status, String title, String detail, Device device,
            Map<String, ?> subject) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty("device", device.name());
        problem.setProperty("address", device.address());
        subject.forEach(problem::setProperty);
        return new ErrorResponseException(status, problem, null);
    }

    static boolean isPortTaken(String engineMessage) {
        return engineMessage.contains("port is already allocated") || engineMessage.contains("address already in use");
    }

    /**
     * The engine's own words. docker-java's message is {@code Status 500: {"message":"..."}}; the body is
     * parsed as JSON because the engine's message often quotes URLs and names.
     */
    static String engineMessage(DockerException ex) {
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
                // not the engine's JSON: keep docker-java's message as it is
            }
        }
        return message.strip();
    }

}
