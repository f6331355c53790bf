package io.iotdeploy.deployment.container;

import java.util.Map;
import java.util.Optional;

import io.iotdeploy.deployment.release.ReleaseCatalog;
import io.iotdeploy.deployment.release.StoredRelease;
import io.iotdeploy.deployment.system.ContainerActions;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.deployment.system.DeviceCalls;
import io.iotdeploy.device.ContainerLabels;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceUnreachableException;
import io.iotdeploy.policy.ContainerPolicy;
import io.iotdeploy.policy.ContainerPolicyException;
import io.iotdeploy.token.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Runs an image from the private registry on a device: pull, create, start, each timed. A failed step leaves
 * the device as it was, except that a replaced container stays replaced.
 */
@Service
class DeploymentService {

    private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);

    private final DeviceCalls calls;

    private final ContainerActions actions;

    private final ManagedContainers containers;

    private final DeploymentServiceProperties properties;

    private final ContainerPolicy policy;

    private final ReleaseCatalog catalog;

    DeploymentService(DeviceCalls calls, ContainerActions actions, ManagedContainers containers,
            DeploymentServiceProperties properties, ContainerPolicy policy, ReleaseCatalog catalog) {
        this.catalog = catalog;
        this.calls = calls;
        this.actions = actions;
        this.containers = containers;
        this.properties = properties;
        this.policy = policy;
    }

    Deployment deploy(CurrentUser user, long deviceId, DeploymentRequest request) {
        ContainerSpec spec = request.toSpec(this.properties.privateRegistry());
        // again, after the gateway: a caller with an internal token gets no more than the policy allows either
        try {
            this.policy.require(spec.settings(), "deploy", null);
        }
        catch (ContainerPolicyException ex) {
            ex.getBody().setProperty("deviceId", deviceId);
            throw ex;
        }
        // the release the image is: the caller's own, or 404 before the device is touched
        Map<String, String> releaseLabels = Map.of();
        if (request.release() != null) {
            StoredRelease release = this.catalog.release(this.catalog.application(user.name(), spec.name()),
                    request.release());
            releaseLabels = Map.of(ContainerLabels.APPLICATION, release.application(), ContainerLabels.RELEASE,
                    Integer.toString(release.number()));
        }
        Device device = this.calls.device(deviceId);
        String name = spec.name();
        Map<String, String> subject = Map.of("container", name, "image", spec.image().toString());

        // checked before the pull, so that a refused deployment leaves the device unchanged
        Optional<com.github.dockerjava.api.model.Container> existing = this.calls.control(device, "inspect", subject,
                (docker) -> ContainerService.byName(docker, name));
        if (existing.isPresent() && runsAlready(existing.get(), user, spec, releaseLabels)) {
            // the device runs this release already (same artifact, same settings): nothing pulled or re-created
            return keep(user, device, existing.get(), spec, subject);
        }
        existing.ifPresent((container) -> refuseTakenName(container, spec, device, user));

        long started = System.nanoTime();
        this.containers.pull(user, device, spec.image());
        long pullMillis = millisSince(started);

        existing.ifPresent((container) -> this.containers.remove(user, device, name, container.getId()));

        started = System.nanoTime();
        String id = this.containers.create(user, device, spec, releaseLabels);
        long createMillis = millisSince(started);

        Long startMillis = null;
        if (spec.start()) {
            started = System.nanoTime();
            start(user, device, id, subject);
            startMillis = millisSince(started);
        }
        Container container = this.calls.control(device, "inspect", subject,
                (docker) -> ContainerService.current(docker, device, id, name));
        return new Deployment(container, spec.image().toString(), pullMillis, createMillis, startMillis, false);
    }

    /**
     * Whether the container is the caller's, of the release being deployed, from the same image: a release is its
     * artifact and settings, so the container is already what the deployment would make.
     */
    private static boolean runsAlready(com.github.dockerjava.api.model.Container container, CurrentUser user,
            ContainerSpec spec, Map<String, String> releaseLabels) {
        Map<String, String> labels = container.getLabels();
        return !releaseLabels.isEmpty() && labels != null && ContainerLabels.isManaged(labels)
                && user.name().equals(labels.get(ContainerLabels.OWNER))
                && releaseLabels.get(ContainerLabels.APPLICATION).equals(labels.get(ContainerLabels.APPLICATION))
                && releaseLabels.get(ContainerLabels.RELEASE).equals(labels.get(ContainerLabels.RELEASE))
                && spec.image().toString().equals(labels.get(ContainerLabels.IMAGE));
    }

    /** The kept container, brought to the run state asked for ({@code start}: running, else stopped). */
    private Deployment keep(CurrentUser user, Device device, com.github.dockerjava.api.model.Container existing,
            ContainerSpec spec, Map<String, String> subject) {
        String name = spec.name();
        String id = existing.getId();
        String state = existing.getState();
        Long startMillis = null;
        if (spec.start() && "paused".equals(state)) {
            this.containers.unpause(user, device, name, id);
        }
        else if (spec.start() && !"running".equals(state) && !"restarting".equals(state)) {
            long started = System.nanoTime();
            start(user, device, id, subject);
            startMillis = millisSince(started);
        }
        else if (!spec.start() && ("running".equals(state) || "paused".equals(state))) {
            if ("paused".equals(state)) {
                this.containers.unpause(user, device, name, id);
            }
            this.containers.stop(user, device, name, id);
        }
        Container container = this.calls.control(device, "inspect", subject,
                (docker) -> ContainerService.current(docker, device, id, name));
        return new Deployment(container, spec.image().toString(), 0, 0, startMillis, true);
    }

    private static void refuseTakenName(com.github.dockerjava.api.model.Container container, ContainerSpec spec,
            Device device, CurrentUser user) {
        Map<String, String> subject = Map.of("container", spec.name(), "step", "create");
        if (!ContainerLabels.isVisibleTo(container.getLabels(), user)) {
            throw DeviceCalls.problem(HttpStatus.CONFLICT, "Container name taken", "The name '" + spec.name()
                    + "' is taken on device " + device.label() + " by a container that is not yours.", device, subject);
        }
        if (!spec.replace()) {
            throw DeviceCalls.problem(HttpStatus.CONFLICT, "Container name taken", "A container named '" + spec.name()
                    + "' already exists on device " + device.label() + "; deploy with replace=true to replace it.",
                    device, subject);
        }
    }

    /**
     * Starts the new container; if it cannot start (a port taken, a broken image) it is removed again, so that a
     * failed deployment leaves nothing behind.
     */
    private void start(CurrentUser user, Device device, String id, Map<String, String> subject) {
        String name = subject.get("container");
        try {
            this.calls.control(device, "start", subject, (docker) -> {
                this.actions.onContainer(user, device, name, "start", () -> docker.startContainerCmd(id).exec());
                return null;
            });
        }
        catch (ErrorResponseException ex) {
            boolean removed = removeAfterFailedStart(user, device, id, name);
            ProblemDetail problem = ex.getBody();
            if (!removed) {
                problem.setProperty("leftBehind", name);
            }
            if (ex.getStatusCode().value() == HttpStatus.CONFLICT.value()) {
                throw ex;
            }
            problem.setStatus(HttpStatus.BAD_GATEWAY);
            throw new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem, ex.getCause());
        }
        catch (DeviceUnreachableException ex) {
            removeAfterFailedStart(user, device, id, name);
            throw ex;
        }
    }

    private boolean removeAfterFailedStart(CurrentUser user, Device device, String id, String name) {
        try {
            this.calls.control(device, "start", Map.of("container", name), (docker) -> {
                this.actions.onContainer(user, device, name, "remove", () -> ManagedContainers.removeIfPresent(docker, id));
                return null;
            });
            return true;
        }
        catch (RuntimeException ex) {
            log.warn("container {} ({}) on device {} could not start and could not be removed either", name, id,
                    device.label(), ex);
            return false;
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

}
