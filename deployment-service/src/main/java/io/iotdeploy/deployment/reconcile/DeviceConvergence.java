package io.iotdeploy.deployment.reconcile;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import com.github.dockerjava.api.model.Container;
import io.iotdeploy.deployment.container.ManagedContainers;
import io.iotdeploy.deployment.desired.DeviceState;
import io.iotdeploy.deployment.desired.RunState;
import io.iotdeploy.deployment.release.ApplicationRef;
import io.iotdeploy.deployment.release.ReleaseBuilds;
import io.iotdeploy.deployment.release.StoredRelease;
import io.iotdeploy.deployment.settings.HealthCheck;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.device.ContainerLabels;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceUnreachableException;
import io.iotdeploy.token.CurrentUser;

import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Brings one device to what its deployment wants, idempotently: reads the application's container on the device
 * (by its name, the application's, and its labels) and does only what differs. A container of the wanted release
 * is kept as it is (nothing pulled, removed or re-created), only its run state is set; any other container of
 * that name that the owner may act on (an older release, one made or replaced by hand) is replaced: the new image
 * is pulled first, so that a failed pull leaves the old container running. After a replacement the device keeps
 * the application's images of this release and of the one before it, and no older ones.
 */
@Component
class DeviceConvergence {

    /** The engine's states in which a container's processes run (or are about to run again). */
    private static final java.util.Set<String> UP = java.util.Set.of("running", "restarting");

    private final ManagedContainers containers;

    private final ReleaseBuilds builds;

    /** The engine's restarts after which a recent start counts as a crash loop. */
    private static final int CRASH_RESTARTS = 3;

    private static final java.time.Duration CRASH_WINDOW = java.time.Duration.ofMinutes(1);

    /** The lines of its output a crash loop's message has. */
    private static final int LOG_LINES = 10;

    private final Semaphore pulls;

    private final java.time.Clock clock;

    DeviceConvergence(ManagedContainers containers, ReleaseBuilds builds, DeploymentServiceProperties properties,
            java.time.Clock clock) {
        this.containers = containers;
        this.builds = builds;
        this.clock = clock;
        this.pulls = new Semaphore(properties.reconcile().pulls(), true);
    }

    /** Reports a step about to begin, so that the device's state is visible while it runs. */
    interface Progress {

        void at(DeviceState state, String step);

    }

    /**
     * @param deployment the deployment that wants it (its containers carry its id)
     * @param release    {@code null} when the application is to be removed
     */
    Convergence converge(ApplicationRef application, long deployment, RunState desired, StoredRelease release,
            Device device, Progress progress) {
        if (!"online".equals(device.state())) {
            return Convergence.waiting("device", "device " + device.label() + " is " + device.state()
                    + ": it gets the deployment when it is back online");
        }
        CurrentUser owner = new CurrentUser(application.owner(), false);
        String name = application.name();
        String[] step = { "inspect" };
        try {
            return converge(owner, name, deployment, desired, release, device, progress, step);
        }
        catch (DeviceUnreachableException ex) {
            return Convergence.waiting("device", ex.getMessage());
        }
        catch (ErrorResponseException ex) {
            Object named = ex.getBody().getProperties() != null ? ex.getBody().getProperties().get("step") : null;
            return Convergence.failed((named != null) ? named.toString() : step[0], ex.getBody().getDetail());
        }
        catch (RuntimeException ex) {
            return Convergence.failed(step[0], "device " + device.label() + ", step " + step[0] + ": " + ex);
        }
    }

    private Convergence converge(CurrentUser owner, String name, long deployment, RunState desired,
            StoredRelease release, Device device, Progress progress, String[] step) {
        Optional<Container> existing = this.containers.find(device, name);
        if (existing.isPresent() && !ContainerLabels.isVisibleTo(existing.get().getLabels(), owner)) {
            return Convergence.failed("create", "The name '" + name + "' is taken on device " + device.label()
                    + " by a container that is not yours.");
        }
        if (desired == RunState.REMOVED || release == null) {
            if (existing.isEmpty()) {
                return Convergence.reached(DeviceState.REMOVED, false);
            }
            step[0] = "remove";
            this.containers.remove(owner, device, name, existing.get().getId());
            return Convergence.reached(DeviceState.REMOVED, true);
        }
        Optional<String> image = release.imageFor(device.platform());
        if (image.isEmpty()) {
            // a device of a platform the release was not built for joined: it is built now, once, for all of them
            step[0] = "build";
            ReleaseBuilds.State build = this.builds.require(release, device.platform());
            if (build instanceof ReleaseBuilds.State.Building building) {
                return Convergence.waiting("build", building.message());
            }
            String why = (build instanceof ReleaseBuilds.State.Failed failed) ? failed.message()
                    : ((ReleaseBuilds.State.NoBuilder) build).message();
            return Convergence.failed("build", "device " + device.label() + ": " + why);
        }
        boolean changed = false;
        String id;
        String state;
        if (existing.isPresent() && runs(existing.get(), owner, release)) {
            id = existing.get().getId();
            state = existing.get().getState();
        }
        else {
            step[0] = "pull";
            // a roll back (or a release the device had before) pulls nothing: the tag names its content
            if (!this.containers.hasImage(device, image.get())) {
                pull(owner, device, image.get(), progress);
            }
            progress.at(DeviceState.STARTING, "create");
            if (existing.isPresent()) {
                step[0] = "remove";
                this.containers.remove(owner, device, name, existing.get().getId());
            }
            step[0] = "create";
            id = this.containers.create(owner, device, name, image.get(), release.run(),
                    Map.of(ContainerLabels.APPLICATION, name, ContainerLabels.RELEASE,
                            Integer.toString(release.number()), ContainerLabels.DEPLOYMENT,
                            Long.toString(deployment)));
            state = "created";
            changed = true;
        }
        Convergence reached = runState(owner, device, name, id, state, desired, progress, step, changed);
        if (desired == RunState.RUNNING && reached.state() == DeviceState.RUNNING) {
            reached = health(owner, device, name, id, release, reached, step);
        }
        if (changed) {
            // the image of this release and of the one it replaced stay (a roll back pulls nothing); older go,
            // once the device's state is reported
            String wanted = image.get();
            String replacedImage = existing.map(Container::getImageId).orElse(null);
            reached = reached.thenTidy(() -> {
                java.util.Set<String> keep = new java.util.HashSet<>();
                keep.add(this.containers.imageId(device, wanted));
                if (replacedImage != null) {
                    keep.add(replacedImage);
                }
                this.containers.pruneImages(owner, device, name, keep);
            });
        }
        return reached;
    }

    /**
     * How the running application is doing: a container the engine keeps restarting is failed, with its last
     * lines; one whose health check says unhealthy is restarted (the engine alone never does that).
     */
    private Convergence health(CurrentUser owner, Device device, String name, String id, StoredRelease release,
            Convergence reached, String[] step) {
        step[0] = "health";
        ManagedContainers.Status status = this.containers.status(device, name, id);
        if (crashLooping(status)) {
            String lines = this.containers.lastLines(device, name, id, LOG_LINES);
            return Convergence.failed("start", "device " + device.label() + ": the application keeps exiting ("
                    + ((status.exitCode() != 0) ? "last exit code " + status.exitCode() + ", " : "") + "restarted "
                    + status.restartCount() + " times by the engine)"
                    + (lines.isEmpty() ? "" : "; its last lines:\n" + lines));
        }
        reached = reached.withRestarts(status.restartCount());
        HealthCheck check = release.run().healthCheck();
        if (check == null || status.health() == null) {
            return reached;
        }
        if ("unhealthy".equals(status.health())) {
            this.containers.restart(owner, device, name, id);
            return reached.withHealth("unhealthy", "health", "device " + device.label() + ": health check "
                    + check.check() + " failed " + status.failingStreak() + " times in a row"
                    + ((status.lastCheck() != null) ? " (" + status.lastCheck() + ")" : "")
                    + "; the platform restarted the container", true);
        }
        return reached.withHealth(status.health(), null, null, false);
    }

    /**
     * The engine restarts it (it is between two restarts now), or it restarted it several times and the last start
     * was a moment ago.
     */
    private boolean crashLooping(ManagedContainers.Status status) {
        if ("restarting".equals(status.state())) {
            return true;
        }
        return status.restartCount() >= CRASH_RESTARTS && status.startedAt() != null
                && status.startedAt().isAfter(this.clock.instant().minus(CRASH_WINDOW));
    }

    private void pull(CurrentUser owner, Device device, String image, Progress progress) {
        try {
            this.pulls.acquire();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("device " + device.label() + " was given up while it waited to pull");
        }
        try {
            progress.at(DeviceState.PULLING, "pull");
            this.containers.pull(owner, device, image);
        }
        finally {
            this.pulls.release();
        }
    }

    private Convergence runState(CurrentUser owner, Device device, String name, String id, String state,
            RunState desired, Progress progress, String[] step, boolean changed) {
        switch (desired) {
            case RUNNING -> {
                if ("paused".equals(state)) {
                    step[0] = "unpause";
                    this.containers.unpause(owner, device, name, id);
                    changed = true;
                }
                else if (!UP.contains(state)) {
                    step[0] = "start";
                    progress.at(DeviceState.STARTING, "start");
                    this.containers.start(owner, device, name, id);
                    changed = true;
                }
            }
            case STOPPED -> {
                if ("paused".equals(state)) {
                    step[0] = "unpause";
                    this.containers.unpause(owner, device, name, id);
                    state = "running";
                }
                if (UP.contains(state)) {
                    step[0] = "stop";
                    this.containers.stop(owner, device, name, id);
                    changed = true;
                }
            }
            case PAUSED -> {
                if (!"paused".equals(state)) {
                    if (!UP.contains(state)) {
                        step[0] = "start";
                        this.containers.start(owner, device, name, id);
                    }
                    step[0] = "pause";
                    this.containers.pause(owner, device, name, id);
                    changed = true;
                }
            }
            case REMOVED -> throw new IllegalStateException("handled before");
        }
        return Convergence.reached(DeviceState.reached(desired), changed);
    }

    /** Whether the container is the platform's, for this owner, of this release of the application. */
    private static boolean runs(Container container, CurrentUser owner, StoredRelease release) {
        Map<String, String> labels = container.getLabels();
        return ContainerLabels.isManaged(labels) && owner.name().equals(labels.get(ContainerLabels.OWNER))
                && release.application().equals(labels.get(ContainerLabels.APPLICATION))
                && Integer.toString(release.number()).equals(labels.get(ContainerLabels.RELEASE));
    }

}
