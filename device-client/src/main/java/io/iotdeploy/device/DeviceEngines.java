package io.iotdeploy.device;

import java.util.function.Function;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.iotdeploy.token.CurrentUser;

/**
 * Runs calls against a device's Docker Engine, each for one named step, and attributes what goes wrong to the
 * device and the step: "could not reach it" is a {@link DeviceUnreachableException}, an error the engine answered
 * with (404, 409, 500, …) a {@link DeviceEngineException} carrying docker-java's exception. A call that expects an
 * engine error (a 404 that means "not there yet") catches it inside the call. Every device is reached with TLS and the platform's
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

    /** A streaming call (pull, logs, stats) whose caller bounds the wait ({@link EngineProgress#await}). */
    public <T> T streaming(Device device, String step, Function<DockerClient, T> call) {
        return run(device, step, EngineConnection.streaming(device.dockerHost(), tlsFor(device)), call);
    }

    /**
     * The container called {@code name} on the device, if {@code user} may see it ({@link ContainerLabels#isVisibleTo}).
     * One that is not there and one that is another user's are the same {@link ContainerNotFoundException}, so
     * the answer leaks nothing; a name no container can have is an {@link InvalidContainerNameException}, and the
     * device is not asked.
     */
    public InspectContainerResponse visibleContainer(Device device, String name, CurrentUser user) {
        ContainerNames.require(name);
        InspectContainerResponse container;
        try {
            container = control(device, "inspect", (docker) -> docker.inspectContainerCmd(name).exec());
        }
        catch (DeviceEngineException ex) {
            if (ex.getCause() instanceof NotFoundException) {
                throw new ContainerNotFoundException(device, name);
            }
            throw ex;
        }
        if (!ContainerLabels.isVisibleTo((container.getConfig() != null) ? container.getConfig().getLabels() : null,
                user)) {
            throw new ContainerNotFoundException(device, name);
        }
        return container;
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
            throw new DeviceEngineException(device, step, ex);
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
