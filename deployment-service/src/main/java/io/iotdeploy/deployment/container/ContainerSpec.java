package io.iotdeploy.deployment.container;

import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;

/** A checked deployment request: the container to create on the device. */
record ContainerSpec(ImageReference image, String name, String networkMode, List<PortMapping> ports,
        List<String> env, boolean start, boolean replace) {

    record PortMapping(int hostPort, int containerPort, String protocol) {

        ExposedPort exposed() {
            return new ExposedPort(this.containerPort, InternetProtocol.parse(this.protocol));
        }

        PortBinding binding() {
            return new PortBinding(Ports.Binding.bindPort(this.hostPort), exposed());
        }

    }

    /** What the platform marks everything it creates with: lookups and clean-up go by these labels. */
    Map<String, String> labels(String owner) {
        return Map.of(Container.MANAGED, "true", Container.OWNER, owner, Container.IMAGE, this.image.toString());
    }

    List<ExposedPort> exposedPorts() {
        return this.ports.stream().map(PortMapping::exposed).toList();
    }

    /** The app survives a device reboot, but stays down once a user stopped it. */
    HostConfig hostConfig() {
        return HostConfig.newHostConfig()
            .withNetworkMode(this.networkMode)
            .withPortBindings(this.ports.stream().map(PortMapping::binding).toList())
            .withRestartPolicy(RestartPolicy.unlessStoppedRestart());
    }

}
