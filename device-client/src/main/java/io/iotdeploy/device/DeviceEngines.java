package io.iotdeploy.device;

import java.util.function.Function;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;

/**
 * Runs calls against a device's Docker Engine and turns "could not reach it" into a
 * {@link DeviceUnreachableException} that names the device and the step. Engine answers (404, 409, …)
 * stay docker-java's exceptions for the caller to map. Every device is reached with TLS and the platform's
 * client certificate, unless its owner marked it insecure. Before every connection the device's address is checked
 * against the {@link DeviceAddressRules} (a name is resolved anew): a refused one is a
 * {@link DeviceAddressRefusedException}, and the device is not contacted.
 */
public class DeviceEngines {

    private final DeviceDirectory directory;

    private final EngineTls tls;

    private final DeviceAddressRules addressRules;

    /**
     * @param tls the platform's client certificate, shown to every device that is not marked insecure
     */
    public DeviceEngines(DeviceDirectory directory, EngineTls tls) {
        this(directory, tls, DeviceAddressRules.defaults());
    }

    /**
     * @param addressRules where devices may be reached; checked before every connection
     */
    public DeviceEngines(DeviceDirectory directory, EngineTls tls, DeviceAddressRules addressRules) {
        this.directory = directory;
        this.tls = tls;
        this.addressRules = addressRules;
    }

    public Device device(long deviceId) {
        return this.directory.find(deviceId);
    }

    /** A call that answers at once (inspect, create, start, stop, list). */
    public <T> T control(Device device, String step, Function<DockerClient, T> call) {
        return run(device, step, EngineConnection.control(device.dockerHost(), tlsFor(device)), call);
    }

    /** A streaming call (pull, logs, stats) whose caller bounds the wait with {@code awaitCompletion}. */
    public <T> T streaming(Device device, String step, Function<DockerClient, T> call) {
        return run(device, step, EngineConnection.streaming(device.dockerHost(), tlsFor(device)), call);
    }

    /** The TLS material for a device: none only for a device its owner marked insecure. */
    EngineTls tlsFor(Device device) {
        if (device.insecure()) {
            return null;
        }
        if (this.tls == null) {
            throw new IllegalStateException("device " + device.label() + " is reached with TLS, but no client "
                    + "certificate is configured (iotdeploy.devices.tls.client-dir)");
        }
        return this.tls.forOwner(device.owner());
    }

    private <T> T run(Device device, String step, EngineConnection connection, Function<DockerClient, T> call) {
        try {
            this.addressRules.check(device.address(), device.port());
        }
        catch (AddressRefusedException ex) {
            throw new DeviceAddressRefusedException(device, step, ex);
        }
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
