package io.iotdeploy.deployment.container;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import io.iotdeploy.deployment.system.ContainerActions;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.deployment.system.DeviceCalls;
import io.iotdeploy.device.ContainerLabels;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceUnreachableException;
import io.iotdeploy.device.EngineProgress;
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

    /** The pull's last lines kept for a problem detail. */
    private static final int PULL_LINES = 20;

    private final DeviceCalls calls;

    private final ContainerActions actions;

    private final DeploymentServiceProperties properties;

    private final ContainerPolicy policy;

    DeploymentService(DeviceCalls calls, ContainerActions actions, DeploymentServiceProperties properties,
            ContainerPolicy policy) {
        this.calls = calls;
        this.actions = actions;
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
        Device device = this.calls.device(deviceId);
        String name = spec.name();
        Map<String, String> subject = Map.of("container", name, "image", spec.image().toString());

        // checked before the pull, so that a refused deployment leaves the device unchanged
        Optional<com.github.dockerjava.api.model.Container> existing = this.calls.control(device, "inspect", subject,
                (docker) -> ContainerService.byName(docker, name));
        existing.ifPresent((container) -> refuseTakenName(container, spec, device, user));

        long started = System.nanoTime();
        this.calls.streaming(device, "pull", subject, (docker) -> {
            this.actions.onImage(user, device, spec.image().toString(), "pull", () -> pull(docker, device, spec.image()));
            return null;
        });
        long pullMillis = millisSince(started);

        existing.ifPresent((container) -> this.calls.control(device, "remove", subject, (docker) -> {
            this.actions.onContainer(user, device, name, "remove", () -> removeIfPresent(docker, container.getId()));
            return null;
        }));

        started = System.nanoTime();
        String id = this.calls.control(device, "create", subject,
                (docker) -> this.actions.onContainer(user, device, name, "create", () -> docker
                    .createContainerCmd(spec.image().toString())
                    .withName(name)
                    .withLabels(spec.labels(user.name()))
                    .withEnv(spec.env())
                    .withExposedPorts(spec.exposedPorts())
                    .withHostConfig(spec.hostConfig())
                    .exec()
                    .getId()));
        long createMillis = millisSince(started);

        Long startMillis = null;
        if (spec.start()) {
            started = System.nanoTime();
            start(user, device, id, subject);
            startMillis = millisSince(started);
        }
        Container container = this.calls.control(device, "inspect", subject,
                (docker) -> ContainerService.current(docker, device, id, name));
        return new Deployment(container, spec.image().toString(), pullMillis, createMillis, startMillis);
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

    /** Pulls with an explicit tag (or digest): without one the engine would pull every tag of the repository. */
    private void pull(DockerClient docker, Device device, ImageReference image) {
        Duration timeout = this.properties.pullTimeout();
        // the private registry's pull-only credentials, for this pull only (X-Registry-Auth): the device keeps none
        PullProgress progress = docker.pullImageCmd(image.repository())
            .withTag(image.tag())
            .withAuthConfig(this.properties.registryLogin().authConfig(this.properties.privateRegistry()))
            .exec(new PullProgress());
        boolean finished = progress.await(timeout);
        Map<String, String> subject = Map.of("image", image.toString(), "step", "pull");
        if (!finished) {
            throw DeviceCalls.problem(HttpStatus.GATEWAY_TIMEOUT, "Device pull timed out", "pull of " + image
                    + " on device " + device.label() + " did not finish within " + timeout + ".", device, subject);
        }
        if (progress.error() != null) {
            throw DeviceCalls.problem(HttpStatus.BAD_GATEWAY, "Device pull failed", "pull of " + image + " on device "
                    + device.label() + " failed: " + progress.error(), device, subject);
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
                this.actions.onContainer(user, device, name, "remove", () -> removeIfPresent(docker, id));
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

    private static void removeIfPresent(DockerClient docker, String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        }
        catch (NotFoundException alreadyGone) {
            // someone removed it meanwhile: the goal is reached
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Pull progress: the engine reports a failed pull inside the stream, after answering 200. */
    private static final class PullProgress extends EngineProgress<PullResponseItem> {

        PullProgress() {
            super(PULL_LINES);
        }

    }

}
