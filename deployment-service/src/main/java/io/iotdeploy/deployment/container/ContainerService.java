package io.iotdeploy.deployment.container;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import io.iotdeploy.deployment.system.ContainerActions;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.deployment.system.DeviceCalls;
import io.iotdeploy.device.ContainerLabels;
import io.iotdeploy.device.Device;
import io.iotdeploy.token.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/** The caller's containers on one of their devices, and what they can do to them. */
@Service
class ContainerService {

    private final DeviceCalls calls;

    private final ContainerActions actions;

    private final int stopSeconds;

    private final ApplicationEventPublisher events;

    ContainerService(DeviceCalls calls, ContainerActions actions, DeploymentServiceProperties properties,
            ApplicationEventPublisher events) {
        this.calls = calls;
        this.actions = actions;
        this.stopSeconds = Math.toIntExact(properties.stopTimeout().toSeconds());
        this.events = events;
    }

    List<Container> list(CurrentUser user, long deviceId) {
        Device device = this.calls.device(deviceId);
        return this.calls.control(device, "list", Map.of(), (docker) -> docker.listContainersCmd()
            .withShowAll(true)
            .exec()
            .stream()
            .filter((container) -> ContainerLabels.isVisibleTo(container.getLabels(), user))
            .map(Container::of)
            .sorted(Comparator.comparing(Container::name))
            .toList());
    }

    Container act(CurrentUser user, long deviceId, String name, ContainerAction action) {
        Device device = this.calls.device(deviceId);
        return this.calls.control(device, action.step(), Map.of("container", name), (docker) -> {
            com.github.dockerjava.api.model.Container found = find(docker, device, user, name);
            chosen(user, device, found, (action == ContainerAction.STOP) ? "stopped"
                    : (action == ContainerAction.PAUSE) ? "paused" : "running");
            String id = found.getId();
            this.actions.onContainer(user, device, name, action.step(),
                    () -> action.apply(docker, id, this.stopSeconds));
            return current(docker, device, id, name);
        });
    }

    void remove(CurrentUser user, long deviceId, String name) {
        Device device = this.calls.device(deviceId);
        this.calls.control(device, "remove", Map.of("container", name), (docker) -> {
            com.github.dockerjava.api.model.Container found = find(docker, device, user, name);
            chosen(user, device, found, "removed");
            String id = found.getId();
            this.actions.onContainer(user, device, name, "remove",
                    () -> docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
            return null;
        });
    }

    /** A container of a deployed application: the desired state records the user's choice for this device. */
    private void chosen(CurrentUser user, Device device, com.github.dockerjava.api.model.Container container,
            String state) {
        Map<String, String> labels = container.getLabels();
        String application = (labels != null) ? labels.get(ContainerLabels.APPLICATION) : null;
        String release = (labels != null) ? labels.get(ContainerLabels.RELEASE) : null;
        if (application != null && release != null && release.matches("[1-9][0-9]{0,8}")
                && user.name().equals(labels.get(ContainerLabels.OWNER))) {
            this.events.publishEvent(new ContainerStateChosen(user, device, application, Integer.parseInt(release),
                    state));
        }
    }

    /**
     * The container called exactly {@code name}, whoever it belongs to. The engine's name filter is a
     * pattern and its inspect also takes id prefixes, so the list is matched here.
     */
    static Optional<com.github.dockerjava.api.model.Container> byName(DockerClient docker, String name) {
        return docker.listContainersCmd()
            .withShowAll(true)
            .withNameFilter(List.of(name))
            .exec()
            .stream()
            .filter((container) -> Container.isNamed(container, name))
            .findFirst();
    }

    /** @throws ErrorResponseException 404 when there is no such container or it is not the caller's */
    static com.github.dockerjava.api.model.Container find(DockerClient docker, Device device, CurrentUser user,
            String name) {
        return byName(docker, name).filter((container) -> ContainerLabels.isVisibleTo(container.getLabels(), user))
            .orElseThrow(() -> notFound(device, name));
    }

    /** The container as it is now, e.g. after an action. */
    static Container current(DockerClient docker, Device device, String id, String name) {
        return docker.listContainersCmd()
            .withShowAll(true)
            .withIdFilter(List.of(id))
            .exec()
            .stream()
            .findFirst()
            .map(Container::of)
            .orElseThrow(() -> notFound(device, name));
    }

    private static ErrorResponseException notFound(Device device, String name) {
        return DeviceCalls.problem(HttpStatus.NOT_FOUND, "Unknown container",
                "There is no container '" + name + "' of yours on device " + device.label() + ".", device,
                Map.of("container", name));
    }

}
