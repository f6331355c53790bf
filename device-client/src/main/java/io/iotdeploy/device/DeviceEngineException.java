package io.iotdeploy.device;

import com.github.dockerjava.api.exception.DockerException;

/** The device's engine answered a step with an error; carries the device and step for the problem detail. */
public class DeviceEngineException extends RuntimeException {

    private final Device device;

    private final String step;

    public DeviceEngineException(Device device, String step, DockerException cause) {
        super(cause.getMessage(), cause);
        this.device = device;
        this.step = step;
    }

    public Device device() {
        return this.device;
    }

    public String step() {
        return this.step;
    }

    @Override
    public synchronized DockerException getCause() {
        return (DockerException) super.getCause();
    }

}
