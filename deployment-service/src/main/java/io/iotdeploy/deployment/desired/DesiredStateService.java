package io.iotdeploy.deployment.desired;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.iotdeploy.deployment.desired.DesiredDeploymentRequest.Checked;
import io.iotdeploy.deployment.container.ContainerStateChosen;
import io.iotdeploy.deployment.desired.DesiredDeploymentResponse.Superseded;
import io.iotdeploy.deployment.release.ApplicationRef;
import io.iotdeploy.deployment.release.ReleaseBuilds;
import io.iotdeploy.deployment.release.ReleaseCatalog;
import io.iotdeploy.deployment.release.StoredRelease;
import io.iotdeploy.deployment.rollout.Rollout;
import io.iotdeploy.deployment.rollout.RolloutPlan;
import io.iotdeploy.deployment.rollout.Rollouts;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.device.Device;
import io.iotdeploy.token.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Deployments of the caller's applications: made (the target resolved and checked first, so that a deployment
 * that cannot be carried out is refused before anything is stored), listed, and read with their devices' states.
 * The work on the devices is the reconciler's, once the deployment is committed.
 */
@Service
class DesiredStateService {

    private static final Logger log = LoggerFactory.getLogger(DesiredStateService.class);

    private final ReleaseCatalog catalog;

    private final FleetDirectory fleet;

    private final DesiredDeploymentRepository deployments;

    private final DeviceDeploymentRepository devices;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final TransactionTemplate transaction;

    private final ReleaseBuilds builds;

    private final Rollouts rollouts;

    private final RolloutPlan.Defaults rolloutDefaults;

    DesiredStateService(ReleaseCatalog catalog, FleetDirectory fleet, DesiredDeploymentRepository deployments,
            DeviceDeploymentRepository devices, ApplicationEventPublisher events, Clock clock,
            PlatformTransactionManager transactions, ReleaseBuilds builds, Rollouts rollouts,
            DeploymentServiceProperties properties) {
        this.builds = builds;
        this.rollouts = rollouts;
        DeploymentServiceProperties.Rollout rollout = properties.rollout();
        this.rolloutDefaults = new RolloutPlan.Defaults(rollout.phases(), rollout.soakTime(), rollout.phaseTimeout(),
                rollout.laterThreshold());
        this.catalog = catalog;
        this.fleet = fleet;
        this.deployments = deployments;
        this.devices = devices;
        this.events = events;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * @throws org.springframework.web.ErrorResponseException 400 a malformed request or selector, 404 an unknown
     *                                                        application, release, group or device, 422 a selector
     *                                                        that selects nothing or a device whose platform the
     *                                                        release has no image for, 502 machine-service down
     */
    DesiredDeploymentResponse create(CurrentUser user, String name, DesiredDeploymentRequest request) {
        Checked checked = request.check(this.rolloutDefaults);
        ApplicationRef application = this.catalog.application(user.name(), name);
        List<Long> toAbort = refuseWhileRollingOut(name, application, checked);
        StoredRelease release = (checked.release() != null) ? this.catalog.release(application, checked.release())
                : null;
        List<Device> selected;
        try {
            selected = this.fleet.resolve(user.name(), checked.target());
        }
        catch (org.springframework.web.ErrorResponseException ex) {
            // machine-service's words (unknown group or device, malformed selector), and where they came from
            var properties = ex.getBody().getProperties();
            if (properties == null || !properties.containsKey("step")) {
                ex.getBody().setProperty("step", "target");
            }
            if (ex.getStatusCode().is4xxClientError()
                    && (properties == null || !properties.containsKey("field"))) {
                // the request's field that was wrong, as the other refusals of this request name it
                ex.getBody().setProperty("field", "target." + checked.target().kind().value());
            }
            // machine-service's path is not the caller's: the problem is an instance of this request
            ex.getBody().setInstance(null);
            ex.getBody().setProperty("target", checked.target().toString());
            ex.getBody().setProperty("application", name);
            throw ex;
        }
        if (selected.isEmpty() && checked.target().kind() == DeploymentTarget.Kind.SELECTOR) {
            throw DesiredStateProblems.selectsNothing(name, checked.target());
        }
        if (release != null && checked.state() != RunState.REMOVED) {
            for (Device device : selected) {
                // a device never seen online has no platform yet: it waits, pending, like an offline one
                // a platform it was not built for is built from its stored artifact when a builder serves it
                if (device.platform() != null && release.imageFor(device.platform()).isEmpty()
                        && !this.builds.canBuild(device.platform())) {
                    throw DesiredStateProblems.noImageFor(name, release.number(), device.label(), device.platform(),
                            release.images().keySet());
                }
            }
        }
        DesiredDeploymentResponse response = record(user, name, application, release, checked, selected, toAbort);
        log.info("user={} application={} deployment={} release={} target={} state={} devices={}", user.name(), name,
                response.id(), checked.release(), checked.target(), checked.state().value(), selected.size());
        return response;
    }

    /**
     * A new deployment while a rollout of the application runs is refused, unless it asks to abort that one: two at
     * once would move devices both ways.
     */
    private List<Long> refuseWhileRollingOut(String name, ApplicationRef application, Checked checked) {
        List<Long> toAbort = new ArrayList<>();
        List<Long> ids = this.deployments.findByApplicationIdOrderByIdDesc(application.id())
            .stream()
            .map(DesiredDeployment::id)
            .toList();
        for (Rollout running : this.rollouts.of(ids).values()) {
            if (!running.active()) {
                continue;
            }
            if (!checked.abort()) {
                ErrorResponseException refused = Rollouts.problem(HttpStatus.CONFLICT, "Rollout running",
                        "A rollout of your application '" + name + "' is " + running.status() + " (deployment "
                                + running.deploymentId() + ", phase " + (running.phase() + 1) + "): pause, resume "
                                + "or abort it, or send \"abort\": true to stop it and deploy this instead.",
                        running.deploymentId(), running.status());
                refused.getBody().setProperty("application", name);
                refused.getBody().setProperty("field", "abort");
                throw refused;
            }
            toAbort.add(running.deploymentId());
        }
        return toAbort;
    }

    /**
     * Stores the deployment with a pending row per selected device, and takes those devices from older ones; a
     * rollout takes each device when its phase begins, so it starts with its phases instead.
     */
    private DesiredDeploymentResponse record(CurrentUser user, String name, ApplicationRef application,
            StoredRelease release, Checked checked, List<Device> selected, List<Long> abortFirst) {
        return this.transaction.execute((status) -> {
            abortFirst.forEach((running) -> this.rollouts.abort(running, false, "aborted by a new deployment from "
                    + user.name()));
            DesiredDeployment deployment = this.deployments.save(new DesiredDeployment(application.id(),
                    (release != null) ? release.id() : null, checked.target(), checked.state(), user.name(),
                    this.clock.instant(), checked.note()));
            this.deployments.flush();
            RolloutPlan plan = checked.plan();
            List<Long> older = this.deployments.findByApplicationIdOrderByIdDesc(application.id())
                .stream()
                .map(DesiredDeployment::id)
                .filter((id) -> id != deployment.id())
                .toList();
            Map<Long, List<DeviceDeployment>> olderRows = new HashMap<>();
            if (!older.isEmpty()) {
                this.devices.findByDeploymentIdIn(older)
                    .forEach((row) -> olderRows.computeIfAbsent(row.deviceId(), (id) -> new ArrayList<>()).add(row));
            }
            List<DeviceDeployment> rows = new ArrayList<>();
            List<Superseded> supersedes = new ArrayList<>();
            List<Device> ordered = selected.stream().sorted(Comparator.comparingLong(Device::id)).toList();
            for (int i = 0; i < ordered.size(); i++) {
                Device device = ordered.get(i);
                DeviceDeployment made = new DeviceDeployment(deployment.id(), device.id(), device.name(),
                        this.clock.instant());
                if (plan != null) {
                    made.phase(plan.phaseOf(i, ordered.size()));
                }
                rows.add(this.devices.save(made));
                for (DeviceDeployment row : olderRows.getOrDefault(device.id(), List.of())) {
                    if (row.state() != DeviceState.SUPERSEDED) {
                        supersedes.add(new Superseded(row.deploymentId(), device.id(), device.name()));
                    }
                    if (plan == null) {
                        row.supersede(deployment.id(), this.clock.instant());
                    }
                }
            }
            if (plan != null) {
                this.rollouts.start(deployment.id(), plan, ordered.size(), checked.release(),
                        previousRelease(application.id(), deployment.id()));
            }
            rows.sort(Comparator.comparingLong(DeviceDeployment::deviceId));
            this.events.publishEvent(new DesiredStateChanged(application.id()));
            Rollout rollout = (plan != null) ? this.rollouts.of(deployment.id()).orElse(null) : null;
            return DesiredDeploymentResponse.of(deployment, name, checked.release(), rows, supersedes, rollout);
        });
    }

    /**
     * A user started, stopped, paused or removed an application's container on one device by hand: that is the
     * desired state for the device from now on (a deployment to the device), so the reconciler keeps it.
     */
    @EventListener
    void chosenByHand(ContainerStateChosen chosen) {
        CurrentUser user = chosen.user();
        ApplicationRef application;
        StoredRelease release;
        try {
            application = this.catalog.application(user.name(), chosen.application());
            release = this.catalog.release(application, chosen.release());
        }
        catch (org.springframework.web.ErrorResponseException notOneOfOurs) {
            return; // labelled by an older platform, or by hand: nothing desired to change
        }
        if (this.deployments.findByApplicationIdOrderByIdDesc(application.id()).isEmpty()) {
            return;
        }
        RunState state = RunState.parse(chosen.state());
        Checked checked = new Checked(release.number(), DeploymentTarget.device(chosen.device().id()), state,
                "by hand on " + chosen.device().name());
        DesiredDeploymentResponse response = record(user, application.name(), application,
                (state == RunState.REMOVED) ? null : release, checked, List.of(chosen.device()), List.of());
        log.info("user={} application={} deployment={} device={} state={}: chosen by hand", user.name(),
                application.name(), response.id(), chosen.device().label(), state.value());
    }

    /** The release of the application's newest deployment before {@code id} that has one, or {@code null}. */
    private Integer previousRelease(long applicationId, long id) {
        return this.deployments.findByApplicationIdOrderByIdDesc(applicationId)
            .stream()
            .filter((deployment) -> deployment.id() < id && deployment.releaseId() != null)
            .findFirst()
            .map((deployment) -> number(deployment, new HashMap<>()))
            .orElse(null);
    }

    /** Newest first. */
    List<DesiredDeploymentResponse> list(CurrentUser user, String name) {
        ApplicationRef application = this.catalog.application(user.name(), name);
        List<DesiredDeployment> all = this.deployments.findByApplicationIdOrderByIdDesc(application.id());
        Map<Long, List<DeviceDeployment>> rows = new LinkedHashMap<>();
        if (!all.isEmpty()) {
            this.devices.findByDeploymentIdIn(all.stream().map(DesiredDeployment::id).toList())
                .forEach((row) -> rows.computeIfAbsent(row.deploymentId(), (id) -> new ArrayList<>()).add(row));
        }
        Map<Long, Integer> numbers = new HashMap<>();
        Map<Long, Rollout> rollouts = this.rollouts.of(all.stream().map(DesiredDeployment::id).toList());
        return all.stream()
            .map((deployment) -> DesiredDeploymentResponse.of(deployment, name, number(deployment, numbers),
                    sorted(rows.getOrDefault(deployment.id(), List.of())), List.of(), rollouts.get(deployment.id())))
            .toList();
    }

    DesiredDeploymentResponse get(CurrentUser user, String name, long id) {
        ApplicationRef application = this.catalog.application(user.name(), name);
        DesiredDeployment deployment = this.deployments.findByIdAndApplicationId(id, application.id())
            .orElseThrow(() -> DesiredStateProblems.unknownDeployment(name, id));
        return DesiredDeploymentResponse.of(deployment, name, number(deployment, new HashMap<>()),
                this.devices.findByDeploymentIdOrderByDeviceId(id), List.of(), this.rollouts.of(id).orElse(null));
    }

    /** A user's pause, resume or abort of a deployment's rollout; the deployment as it is then. */
    DesiredDeploymentResponse control(CurrentUser user, String name, long id, String action, Boolean rollBack) {
        get(user, name, id); // the caller's application and deployment, or a 404
        switch (action) {
            case "pause" -> this.rollouts.pause(id, user.name());
            case "resume" -> this.rollouts.resume(id, user.name());
            case "abort" -> this.rollouts.abort(id, Boolean.TRUE.equals(rollBack), (Boolean.TRUE.equals(rollBack)
                    ? "aborted and rolled back by " : "aborted by ") + user.name());
            default -> throw new IllegalArgumentException(action);
        }
        ApplicationRef application = this.catalog.application(user.name(), name);
        this.events.publishEvent(new DesiredStateChanged(application.id()));
        log.info("user={} application={} deployment={}: rollout {}{}", user.name(), name, id, action,
                Boolean.TRUE.equals(rollBack) ? " (roll back)" : "");
        return get(user, name, id);
    }

    /** The deployment's rollout timeline, oldest first; empty for a deployment without a rollout. */
    List<io.iotdeploy.deployment.rollout.RolloutEventResponse> timeline(CurrentUser user, String name, long id) {
        get(user, name, id);
        return this.rollouts.timeline(id)
            .stream()
            .map(io.iotdeploy.deployment.rollout.RolloutEventResponse::of)
            .toList();
    }

    /**
     * Where the application is on each device: per device the row of the newest deployment that has it and is not
     * superseded there.
     */
    List<DesiredDeploymentResponse.Placement> devices(CurrentUser user, String name) {
        ApplicationRef application = this.catalog.application(user.name(), name);
        List<DesiredDeployment> all = this.deployments.findByApplicationIdOrderByIdDesc(application.id());
        if (all.isEmpty()) {
            return List.of();
        }
        Map<Long, DeviceDeployment> current = new java.util.TreeMap<>();
        // a rollout that has not reached a device (or gave it back) has it only when nothing else does
        Comparator<DeviceDeployment> newer = Comparator.comparing((DeviceDeployment row) -> !holds(row))
            .thenComparingLong(DeviceDeployment::deploymentId);
        this.devices.findByDeploymentIdIn(all.stream().map(DesiredDeployment::id).toList())
            .stream()
            .filter((row) -> row.state() != DeviceState.SUPERSEDED)
            .forEach((row) -> current.merge(row.deviceId(), row, (a, b) -> (newer.compare(a, b) > 0) ? a : b));
        Map<Long, DesiredDeployment> byId = new HashMap<>();
        all.forEach((deployment) -> byId.put(deployment.id(), deployment));
        Map<Long, Integer> numbers = new HashMap<>();
        return current.values()
            .stream()
            .map((row) -> new DesiredDeploymentResponse.Placement(row.deviceId(), row.deviceName(),
                    row.deploymentId(), number(byId.get(row.deploymentId()), numbers), row.state().value(),
                    row.step(), row.message(), row.health(), row.updatedAt()))
            .toList();
    }

    /** A rollout's row of a device it has not reached yet, or has given back. */
    private static boolean holds(DeviceDeployment row) {
        return row.state() == DeviceState.ROLLED_BACK
                || (row.state() == DeviceState.PENDING && "rollout".equals(row.step()));
    }

    private Integer number(DesiredDeployment deployment, Map<Long, Integer> numbers) {
        if (deployment.releaseId() == null) {
            return null;
        }
        return numbers.computeIfAbsent(deployment.releaseId(),
                (id) -> this.catalog.release(id).map(StoredRelease::number).orElse(null));
    }

    private static List<DeviceDeployment> sorted(List<DeviceDeployment> rows) {
        return rows.stream().sorted(Comparator.comparingLong(DeviceDeployment::deviceId)).toList();
    }

}
