package io.iotdeploy.deployment.system;

import java.util.Map;
import java.util.function.Function;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceEngineException;
import io.iotdeploy.device.DeviceEngines;
import io.iotdeploy.device.DeviceProblems;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Calls on a device's engine, each for one named step, for features that add what they were working on to the
 * problem: an error the engine answers with becomes {@link DeviceProblems#engineError}'s problem detail (device,
 * step, the engine's own words) with the {@code subject} (container, image) added.
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
        catch (DeviceEngineException ex) {
            throw engineFailure(ex.device(), ex.step(), subject, ex.getCause());
        }
    }

    public <T> T streaming(Device device, String step, Map<String, ?> subject, Function<DockerClient, T> call) {
        try {
            return this.engines.streaming(device, step, call);
        }
        catch (DeviceEngineException ex) {
            throw engineFailure(ex.device(), ex.step(), subject, ex.getCause());
        }
    }

    /** The problem for an error the engine answered with, naming what was being worked on. */
    public static ErrorResponseException engineFailure(Device device, String step, Map<String, ?> subject,
            DockerException ex) {
        ProblemDetail problem = DeviceProblems.engineError(ex, device, step);
        subject.forEach(problem::setProperty);
        return new ErrorResponseException(HttpStatusCode.valueOf(problem.getStatus()), problem, ex);
    }

    /** A problem about something on a device (a container, an image), naming the device. */
    public static ErrorResponseException problem(HttpStatus status, String title, String detail, Device device,
            Map<String, ?> subject) {
        ProblemDetail problem = DeviceProblems.onDevice(status, title, detail, device);
        subject.forEach(problem::setProperty);
        return new ErrorResponseException(status, problem, null);
    }

}
