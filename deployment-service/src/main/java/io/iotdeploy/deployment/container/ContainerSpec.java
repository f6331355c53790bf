package io.iotdeploy.deployment.container;

import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.iotdeploy.deployment.settings.HealthCheck;
import io.iotdeploy.device.ContainerLabels;
import io.iotdeploy.policy.ContainerSettings;

/**
 * A checked deployment request: the container to create on the device.
 *
 * @param settings    what the container has of the device (network, devices, mounts, …); the policy has allowed
 *                    them
 * @param healthCheck the container's Docker health check; {@code null} for none
 */
record ContainerSpec(ImageReference image, String name, ContainerSettings settings, List<PortMapping> ports,
        List<String> env, boolean start, boolean replace, HealthCheck healthCheck) {

    record PortMapping(int hostPort, int containerPort, String protocol) {

        ExposedPort exposed() {
            return new ExposedPort(this.containerPort, InternetProtocol.parse(this.protocol));
        }

        PortBinding binding() {
            return new PortBinding(Ports.Binding.bindPort(this.hostPort), exposed());
        }

    }

    String networkMode() {
        return this.settings.networkMode();
    }

    /** What the platform marks everything it creates with: lookups and clean-up go by these labels. */
    Map<String, String> labels(String owner) {
        return ContainerLabels.managed(owner, this.image.toString());
    }

    /** The engine's health check (its durations in nanoseconds), {@code null} without one. */
    com.github.dockerjava.api.model.HealthCheck dockerHealthCheck() {
        if (this.healthCheck == null) {
            return null;
        }
        return new com.github.dockerjava.api.model.HealthCheck().withTest(this.healthCheck.dockerTest())
            .withInterval(this.healthCheck.interval().toNanos())
            .withTimeout(this.healthCheck.timeout().toNanos())
            .withStartPeriod(this.healthCheck.startPeriod().toNanos())
            .withRetries(this.healthCheck.retries());
    }

    List<ExposedPort> exposedPorts() {
        return this.ports.stream().map(PortMapping::exposed).toList();
    }

    /**
     * The app survives a device reboot, but stays down once a user stopped it. Everything of the device it has
     * is set here and only here, from the checked settings; the engine's defaults (its own namespaces, Docker's
     * default capabilities, no devices, no host paths) hold for everything else.
     */
    HostConfig hostConfig() {
        HostConfig host = HostConfig.newHostConfig()
            .withNetworkMode(this.settings.networkMode())
            .withPortBindings(this.ports.stream().map(PortMapping::binding).toList())
            .withRestartPolicy(RestartPolicy.unlessStoppedRestart())
            .withPrivileged(this.settings.privileged());
        if (!this.settings.capAdd().isEmpty()) {
            host.withCapAdd(this.settings.capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new));
        }
        if (!this.settings.devices().isEmpty()) {
            host.withDevices(this.settings.devices()
                .stream()
                .map((device) -> new Device(device.permissions(), device.containerPath(), device.hostPath()))
                .toList());
        }
        if (!this.settings.binds().isEmpty()) {
            host.withBinds(this.settings.binds()
                .stream()
                .map((bind) -> new Bind(bind.hostPath(), new Volume(bind.containerPath()),
                        bind.readOnly() ? AccessMode.ro : AccessMode.rw))
                .toList());
        }
        if (this.settings.hostPid()) {
            host.withPidMode("host");
        }
        if (this.settings.hostIpc()) {
            host.withIpcMode("host");
        }
        return host;
    }

}
