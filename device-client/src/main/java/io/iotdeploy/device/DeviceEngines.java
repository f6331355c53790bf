package io.iotdeploy.device;

import java.util.function.Function;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;

/**
 * Runs calls against a device's Docker Engine and turns "could not reach it" into a
 * {@link DeviceUnreachableException} that names the device and the step. Engine answers (404, 409, …)
 * stay docker-java's exceptions for the caller to map.
 */
public class DeviceEngines {

    private final DeviceDirectory directory;

    public DeviceEngines(DeviceDirectory directory) {
        this.directory = directory;
    }

    public Device device(long deviceId) {
        return this.directory.find(deviceId);
    }

    /** A call that answers at once (inspect, create, start, stop, list). */
    public <T> T control(Device device, String step, Function<DockerClient, T> call) {
        return run(device, step, EngineConnection.control(device.dockerHost()), call);
    }

    /** A streaming call (pull, logs, stats) whose caller bounds the wait with {@code awaitCompletion}. */
    public <T> T streaming(Device device, String step, Function<DockerClient, T> call) {
        return run(device, step, EngineConnection.streaming(device.dockerHost()), call);
    }

    private static <T> T run(Device device, String step, EngineConnection connection, Function<DockerClient, T> call) {
        try (DockerClient docker = DockerEngines.connect(connection)) {
            return call.apply(docker);
        }
        catch (DockerException ex) {
            throw ex;
        }
        catch (java.io.IOException ex) {
            throw new DeviceUnreachableException(device, step, ex);
        }
        catch (RuntimeException ex) {
            if (DockerEngines.isUnreachable(ex)) {
                throw new DeviceUnreachableException(device, step, ex);
            }
            throw ex;
        }
    }

}
