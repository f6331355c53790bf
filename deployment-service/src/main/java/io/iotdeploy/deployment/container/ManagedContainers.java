package io.iotdeploy.deployment.container;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.PullResponseItem;
import io.iotdeploy.deployment.container.ContainerSpec.PortMapping;
import io.iotdeploy.deployment.settings.RunSettings;
import io.iotdeploy.deployment.system.ContainerActions;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.deployment.system.DeviceCalls;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.EngineProgress;
import io.iotdeploy.token.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The containers the platform makes on a device, for the features outside this package (the reconciler): find one
 * by name, pull, create from a release's settings, change its state, remove it. Every call is one named step on
 * the device ({@link DeviceCalls}) and goes through the audit trail ({@link ContainerActions}); a failure is a
 * problem naming the device, the step and the container or image.
 */
@Component
public class ManagedContainers {

    /** The pull's last lines kept for a problem detail. */
    private static final int PULL_LINES = 20;

    private final DeviceCalls calls;

    private final ContainerActions actions;

    private final DeploymentServiceProperties properties;

    ManagedContainers(DeviceCalls calls, ContainerActions actions, DeploymentServiceProperties properties) {
        this.calls = calls;
        this.actions = actions;
        this.properties = properties;
    }

    /** The container of this name on the device, whoever made it. */
    public Optional<com.github.dockerjava.api.model.Container> find(Device device, String name) {
        return this.calls.control(device, "inspect", Map.of("container", name),
                (docker) -> ContainerService.byName(docker, name));
    }

    /** Has the device pull the image from the private registry, with the devices' pull-only credentials. */
    public void pull(CurrentUser user, Device device, String image) {
        ImageReference reference = ImageReference.parse(image, this.properties.privateRegistry());
        pull(user, device, reference);
    }

    void pull(CurrentUser user, Device device, ImageReference image) {
        this.calls.streaming(device, "pull", Map.of("image", image.toString()), (docker) -> {
            this.actions.onImage(user, device, image.toString(), "pull", () -> pullNow(docker, device, image));
            return null;
        });
    }

    /**
     * Creates (does not start) a container of {@code image} with these settings and labels besides the platform's
     * own ({@link ContainerSpec#labels}).
     *
     * @return the container's id
     */
    public String create(CurrentUser user, Device device, String name, String image, RunSettings run,
            Map<String, String> labels) {
        List<PortMapping> ports = run.ports()
            .stream()
            .map((port) -> new PortMapping(port.hostPort(), port.containerPort(), port.protocol()))
            .toList();
        ContainerSpec spec = new ContainerSpec(ImageReference.parse(image, this.properties.privateRegistry()), name,
                run.container(), ports, run.env(), false, true, run.healthCheck());
        return create(user, device, spec, labels);
    }

    String create(CurrentUser user, Device device, ContainerSpec spec, Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>(spec.labels(user.name()));
        all.putAll(labels);
        String name = spec.name();
        return this.calls.control(device, "create", Map.of("container", name, "image", spec.image().toString()),
                (docker) -> this.actions.onContainer(user, device, name, "create", () -> {
                    String id = docker.createContainerCmd(spec.image().toString())
                        .withName(name)
                        .withLabels(all)
                        .withEnv(spec.env())
                        .withExposedPorts(spec.exposedPorts())
                        .withHostConfig(spec.hostConfig())
                        .withHealthcheck(spec.dockerHealthCheck())
                        .exec()
                        .getId();
                    if (spec.healthCheck() != null && spec.healthCheck().needsProbe()) {
                        addProbe(docker, id);
                    }
                    return id;
                }));
    }

    /**
     * Puts the health check's probe into the created container (before it starts; the image stays as built). A
     * container that cannot take it is removed again: nothing half-made stays behind.
     */
    private static void addProbe(DockerClient docker, String id) {
        try {
            docker.copyArchiveToContainerCmd(id)
                .withRemotePath("/")
                .withTarInputStream(new java.io.ByteArrayInputStream(HealthProbes.archive()))
                .exec();
        }
        catch (RuntimeException ex) {
            removeIfPresent(docker, id);
            throw ex;
        }
    }

    /**
     * How a container is doing, as its engine says: its state, its health check's verdict, how often the engine
     * restarted it and when it last started.
     *
     * @param health        {@code starting}, {@code healthy} or {@code unhealthy}; {@code null} without a check
     * @param failingStreak the health check's failures in a row
     * @param lastCheck     the last check's output, trimmed ({@code null} without a check)
     * @param exitCode      the last exit's code (0 when it never exited)
     */
    public record Status(String state, String health, int failingStreak, String lastCheck, int restartCount,
            Instant startedAt, long exitCode) {
    }

    /** The container's {@link Status}. */
    public Status status(Device device, String name, String id) {
        return this.calls.control(device, "inspect", Map.of("container", name), (docker) -> {
            InspectContainerResponse inspected = docker.inspectContainerCmd(id).exec();
            InspectContainerResponse.ContainerState state = inspected.getState();
            HealthState health = state.getHealth();
            String lastCheck = null;
            if (health != null && health.getLog() != null && !health.getLog().isEmpty()) {
                String output = health.getLog().get(health.getLog().size() - 1).getOutput();
                lastCheck = (output != null) ? output.strip() : null;
            }
            Instant started = null;
            try {
                started = (state.getStartedAt() != null) ? Instant.parse(state.getStartedAt()) : null;
            }
            catch (DateTimeParseException ex) {
                // the engine's zero time for a container never started
            }
            return new Status(state.getStatus(), (health != null) ? health.getStatus() : null,
                    (health != null && health.getFailingStreak() != null) ? health.getFailingStreak() : 0, lastCheck,
                    (inspected.getRestartCount() != null) ? inspected.getRestartCount() : 0, started,
                    (state.getExitCodeLong() != null) ? state.getExitCodeLong() : 0);
        });
    }

    /** The container's last lines of output (stdout and stderr), for a failure's message; empty when unreadable. */
    public String lastLines(Device device, String name, String id, int lines) {
        try {
            return this.calls.control(device, "logs", Map.of("container", name), (docker) -> {
                StringBuilder text = new StringBuilder();
                try {
                    docker.logContainerCmd(id)
                        .withStdOut(true)
                        .withStdErr(true)
                        .withTail(lines)
                        .exec(new ResultCallback.Adapter<Frame>() {
                            @Override
                            public void onNext(Frame frame) {
                                text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            }
                        })
                        .awaitCompletion(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                return text.toString().strip();
            });
        }
        catch (RuntimeException ex) {
            return "";
        }
    }

    /** Restarts it (stops it within the stop timeout, starts it again). */
    public void restart(CurrentUser user, Device device, String name, String id) {
        act(user, device, name, id, ContainerAction.RESTART);
    }

    /** Starts, stops, pauses or unpauses it; the state it is in already is no error. */
    public void start(CurrentUser user, Device device, String name, String id) {
        act(user, device, name, id, ContainerAction.START);
    }

    public void stop(CurrentUser user, Device device, String name, String id) {
        act(user, device, name, id, ContainerAction.STOP);
    }

    public void pause(CurrentUser user, Device device, String name, String id) {
        act(user, device, name, id, ContainerAction.PAUSE);
    }

    public void unpause(CurrentUser user, Device device, String name, String id) {
        act(user, device, name, id, ContainerAction.UNPAUSE);
    }

    private void act(CurrentUser user, Device device, String name, String id, ContainerAction action) {
        int stopSeconds = (int) this.properties.stopTimeout().toSeconds();
        this.calls.control(device, action.step(), Map.of("container", name), (docker) -> {
            this.actions.onContainer(user, device, name, action.step(), () -> action.apply(docker, id, stopSeconds));
            return null;
        });
    }

    /** Removes it (running or not) with its anonymous volumes; one that is gone already is no error. */
    public void remove(CurrentUser user, Device device, String name, String id) {
        this.calls.control(device, "remove", Map.of("container", name), (docker) -> {
            this.actions.onContainer(user, device, name, "remove", () -> removeIfPresent(docker, id));
            return null;
        });
    }

    /**
     * Removes the owner's images of the application from the device except those in {@code keep} (image ids): a
     * device keeps the images of the release it runs and of the one before, so that rolling back pulls nothing,
     * and no more. An image still used by a container, or one the engine will not remove, stays; nothing here
     * fails the caller.
     *
     * @return how many images were removed
     */
    public int pruneImages(CurrentUser user, Device device, String application, java.util.Set<String> keep) {
        try {
            List<com.github.dockerjava.api.model.Image> images = this.calls.control(device, "prune",
                    Map.of("application", application), (docker) -> docker.listImagesCmd()
                        .withLabelFilter(Map.of(io.iotdeploy.device.ContainerLabels.APPLICATION, application,
                                io.iotdeploy.device.ContainerLabels.OWNER, user.name()))
                        .exec());
            int removed = 0;
            for (com.github.dockerjava.api.model.Image image : images) {
                if (keep.contains(image.getId())) {
                    continue;
                }
                try {
                    this.calls.control(device, "prune", Map.of("application", application), (docker) -> {
                        this.actions.onImage(user, device, image.getId(), "prune",
                                () -> docker.removeImageCmd(image.getId()).withForce(true).exec());
                        return null;
                    });
                    removed++;
                }
                catch (RuntimeException inUse) {
                    // a container still uses it (the engine says 409), or the engine refused: it stays
                }
            }
            return removed;
        }
        catch (RuntimeException ex) {
            return 0;
        }
    }

    /**
     * Whether the device has the image already. The platform's tags are content-addressed (a tag is the hash of the
     * application and its settings), so an image found under its tag is the one a pull would fetch.
     */
    public boolean hasImage(Device device, String image) {
        return this.calls.control(device, "inspect", Map.of("image", image), (docker) -> {
            try {
                docker.inspectImageCmd(image).exec();
                return true;
            }
            catch (NotFoundException notThere) {
                return false;
            }
        });
    }

    /** The id of an image on the device ({@code sha256:…}), as containers and image lists name it. */
    public String imageId(Device device, String image) {
        return this.calls.control(device, "inspect", Map.of("image", image),
                (docker) -> docker.inspectImageCmd(image).exec().getId());
    }

    static void removeIfPresent(DockerClient docker, String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        }
        catch (NotFoundException alreadyGone) {
            // someone removed it meanwhile: the goal is reached
        }
    }

    /** Pulls with an explicit tag (or digest): without one the engine would pull every tag of the repository. */
    private void pullNow(DockerClient docker, Device device, ImageReference image) {
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

    /** Pull progress: the engine reports a failed pull inside the stream, after answering 200. */
    private static final class PullProgress extends EngineProgress<PullResponseItem> {

        PullProgress() {
            super(PULL_LINES);
        }

    }

}
