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
import io.iotdeploy.device.Device;
import io.iotdeploy.token.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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

    DesiredStateService(ReleaseCatalog catalog, FleetDirectory fleet, DesiredDeploymentRepository deployments,
            DeviceDeploymentRepository devices, ApplicationEventPublisher events, Clock clock,
            PlatformTransactionManager transactions, ReleaseBuilds builds) {
        this.builds = builds;
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
        Checked checked = request.check();
        ApplicationRef application = this.catalog.application(user.name(), name);
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
        DesiredDeploymentResponse response = record(user, name, application, release, checked, selected);
        log.info("user={} application={} deployment={} release={} target={} state={} devices={}", user.name(), name,
                response.id(), checked.release(), checked.target(), checked.state().value(), selected.size());
        return response;
    }

    /** Stores the deployment with a pending row per selected device, and takes those devices from older ones. */
    private DesiredDeploymentResponse record(CurrentUser user, String name, ApplicationRef application,
            StoredRelease release, Checked checked, List<Device> selected) {
        return this.transaction.execute((status) -> {
            DesiredDeployment deployment = this.deployments.save(new DesiredDeployment(application.id(),
                    (release != null) ? release.id() : null, checked.target(), checked.state(), user.name(),
                    this.clock.instant(), checked.note()));
            this.deployments.flush();
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
            for (Device device : selected) {
                rows.add(this.devices.save(new DeviceDeployment(deployment.id(), device.id(), device.name(),
                        this.clock.instant())));
                for (DeviceDeployment row : olderRows.getOrDefault(device.id(), List.of())) {
                    if (row.state() != DeviceState.SUPERSEDED) {
                        supersedes.add(new Superseded(row.deploymentId(), device.id(), device.name()));
                    }
                    row.supersede(deployment.id(), this.clock.instant());
                }
            }
            rows.sort(Comparator.comparingLong(DeviceDeployment::deviceId));
            this.events.publishEvent(new DesiredStateChanged(application.id()));
            return DesiredDeploymentResponse.of(deployment, name, checked.release(), rows, supersedes);
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
                (state == RunState.REMOVED) ? null : release, checked, List.of(chosen.device()));
        log.info("user={} application={} deployment={} device={} state={}: chosen by hand", user.name(),
                application.name(), response.id(), chosen.device().label(), state.value());
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
        return all.stream()
            .map((deployment) -> DesiredDeploymentResponse.of(deployment, name, number(deployment, numbers),
                    sorted(rows.getOrDefault(deployment.id(), List.of())), List.of()))
            .toList();
    }

    DesiredDeploymentResponse get(CurrentUser user, String name, long id) {
        ApplicationRef application = this.catalog.application(user.name(), name);
        DesiredDeployment deployment = this.deployments.findByIdAndApplicationId(id, application.id())
            .orElseThrow(() -> DesiredStateProblems.unknownDeployment(name, id));
        return DesiredDeploymentResponse.of(deployment, name, number(deployment, new HashMap<>()),
                this.devices.findByDeploymentIdOrderByDeviceId(id), List.of());
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
        this.devices.findByDeploymentIdIn(all.stream().map(DesiredDeployment::id).toList())
            .stream()
            .filter((row) -> row.state() != DeviceState.SUPERSEDED)
            .forEach((row) -> current.merge(row.deviceId(), row,
                    (a, b) -> (a.deploymentId() > b.deploymentId()) ? a : b));
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
