package io.iotdeploy.deployment.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.iotdeploy.deployment.desired.DeploymentTarget;
import io.iotdeploy.deployment.desired.DesiredDeployment;
import io.iotdeploy.deployment.desired.DesiredStateChanged;
import io.iotdeploy.deployment.desired.DesiredStates;
import io.iotdeploy.deployment.desired.DeviceDeployment;
import io.iotdeploy.deployment.desired.DeviceState;
import io.iotdeploy.deployment.desired.FleetDirectory;
import io.iotdeploy.deployment.desired.RunState;
import io.iotdeploy.deployment.release.ApplicationRef;
import io.iotdeploy.deployment.release.ReleaseCatalog;
import io.iotdeploy.deployment.release.ReleaseImageAdded;
import io.iotdeploy.deployment.release.StoredRelease;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.device.Device;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.ErrorResponseException;

/**
 * Drives every device towards its desired state and keeps it there. A pass over one application: resolve the
 * targets of its deployments (newest first; per device the first that selects it wins), read each device's
 * actual container and do what differs ({@link DeviceConvergence}), several devices at once, each bounded by its
 * own timeout so that one slow or dead device never holds the others; a device that no deployment selects any
 * more has the application removed. A pass runs when the desired state changed, when a device event concerns the
 * owner ({@link DeviceEventWatcher}), and on a steady jittered interval, the safety net for everything else
 * (a container removed by hand, a missed event).
 *
 * <p>One pass per application at a time: a request while one runs makes it run once more afterwards, so no change
 * is missed and none is worked on twice at once. Across replicas the application's lease ({@link ApplicationLease})
 * does the same. Every step is safe to repeat after a crash: the desired state is in the database, the actual
 * state on the device.
 */
@Component
public class Reconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private static final int IDLE_AGAIN = 2;

    private final DesiredStates states;

    private final ReleaseCatalog catalog;

    private final FleetDirectory fleet;

    private final DeviceConvergence convergence;

    private final ApplicationLease lease;

    private final DeploymentServiceProperties.Reconcile settings;

    /** 1: a pass runs; 2: and another one is wanted after it. */
    private final Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();

    private final ExecutorService passes;

    private final ExecutorService devices;

    private final ScheduledExecutorService timer;

    /** Passes finished per application, for tests to wait on. */
    private final Map<Long, java.util.concurrent.atomic.AtomicLong> completed = new ConcurrentHashMap<>();

    private volatile boolean started;

    Reconciler(DesiredStates states, ReleaseCatalog catalog, FleetDirectory fleet, DeviceConvergence convergence,
            ApplicationLease lease, DeploymentServiceProperties properties) {
        this.states = states;
        this.catalog = catalog;
        this.fleet = fleet;
        this.convergence = convergence;
        this.lease = lease;
        this.settings = properties.reconcile();
        this.passes = Executors.newFixedThreadPool(2, new CustomizableThreadFactory("reconcile-"));
        this.devices = Executors.newFixedThreadPool(this.settings.parallelism(),
                new CustomizableThreadFactory("reconcile-device-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("reconcile-timer-"));
    }

    /** After the deployment's transaction committed: before, the pass would not see it. */
    @TransactionalEventListener
    void changed(DesiredStateChanged change) {
        request(change.applicationId());
    }

    /** A release was built for one more platform: its devices of that platform stop waiting for it now. */
    @EventListener
    void built(ReleaseImageAdded added) {
        request(added.applicationId());
    }

    /** Asks for a pass over the application soon; one that runs now runs once more afterwards. */
    public void request(long applicationId) {
        AtomicInteger state = this.running.computeIfAbsent(applicationId, (id) -> new AtomicInteger());
        if (state.getAndUpdate((value) -> (value == 0) ? 1 : IDLE_AGAIN) == 0) {
            this.passes.submit(() -> loop(applicationId, state));
        }
    }

    /** Asks for a pass over each of the owner's applications that has a deployment. */
    public void requestForOwner(String owner) {
        this.states.applicationIdsOf(owner).forEach(this::request);
    }

    /** Asks for a pass over every application that has a deployment. */
    public void requestAll() {
        this.states.applicationIds().forEach(this::request);
    }

    private void loop(long applicationId, AtomicInteger state) {
        do {
            try {
                pass(applicationId);
            }
            catch (RuntimeException ex) {
                log.warn("application={}: reconcile pass failed, the next one tries again: {}", applicationId,
                        ex.toString());
            }
            finally {
                this.completed.computeIfAbsent(applicationId, (id) -> new java.util.concurrent.atomic.AtomicLong())
                    .incrementAndGet();
            }
        }
        while (state.getAndUpdate((value) -> (value == IDLE_AGAIN) ? 1 : 0) == IDLE_AGAIN);
    }

    /** How many passes over the application this replica has finished (or given up): for tests to wait on. */
    long completedPasses(long applicationId) {
        java.util.concurrent.atomic.AtomicLong count = this.completed.get(applicationId);
        return (count != null) ? count.get() : 0;
    }

    /** One pass over the application, if this replica gets its lease. */
    void pass(long applicationId) {
        Optional<ApplicationRef> found = this.catalog.application(applicationId);
        if (found.isEmpty()) {
            return;
        }
        ApplicationRef application = found.get();
        if (!this.lease.claim(applicationId, this.settings.lease())) {
            log.debug("application={}: another replica reconciles it", application.name());
            return;
        }
        // renewed three times per lease while the pass runs: a replica that dies (or is killed) mid-pass holds
        // the application for one lease at most, however long its devices take
        long every = Math.max(1, this.settings.lease().toMillis() / 3);
        ScheduledFuture<?> keeper = this.timer.scheduleAtFixedRate(() -> keep(application), every, every,
                TimeUnit.MILLISECONDS);
        try {
            passHoldingLease(application);
        }
        finally {
            keeper.cancel(false);
            this.lease.release(applicationId);
        }
    }

    private void keep(ApplicationRef application) {
        try {
            if (!this.lease.renew(application.id(), this.settings.lease())) {
                log.warn("application={} owner={}: this replica lost its lease during a pass", application.name(),
                        application.owner());
            }
        }
        catch (RuntimeException ex) {
            log.warn("application={}: renewing the lease failed: {}", application.name(), ex.toString());
        }
    }

    private void passHoldingLease(ApplicationRef application) {
        List<DesiredDeployment> deployments = this.states.deployments(application.id());
        List<Long> ids = deployments.stream().map(DesiredDeployment::id).toList();
        // per device, the newest deployment whose target selects it
        Map<Long, DesiredDeployment> winners = new LinkedHashMap<>();
        Map<Long, Device> selected = new HashMap<>();
        Map<DeploymentTarget, List<Device>> resolved = new HashMap<>();
        for (DesiredDeployment deployment : deployments) {
            List<Device> devices = resolved.computeIfAbsent(deployment.target(),
                    (target) -> resolve(application, target));
            for (Device device : devices) {
                selected.putIfAbsent(device.id(), device);
                winners.putIfAbsent(device.id(), deployment);
            }
        }
        // devices that had the application from a deployment and that none selects now: it is removed there
        Map<Long, DeviceDeployment> left = new HashMap<>();
        for (DeviceDeployment row : this.states.devices(ids)) {
            if (!winners.containsKey(row.deviceId()) && row.state() != DeviceState.REMOVED
                    && row.state() != DeviceState.SUPERSEDED) {
                left.merge(row.deviceId(), row, (a, b) -> (a.deploymentId() > b.deploymentId()) ? a : b);
            }
        }
        Map<Long, StoredRelease> releases = new HashMap<>();
        List<Work> work = new ArrayList<>();
        winners.forEach((deviceId, deployment) -> {
            StoredRelease release = (deployment.releaseId() != null) ? releases.computeIfAbsent(
                    deployment.releaseId(), (id) -> this.catalog.release(id).orElse(null)) : null;
            work.add(new Work(deployment, release, selected.get(deviceId), false));
        });
        for (DeviceDeployment row : left.values()) {
            Optional<Device> device = this.fleet.device(application.owner(), row.deviceId());
            if (device.isEmpty()) {
                // deleted from machine-service: nothing to drive any more
                this.states.report(row.deploymentId(), row.deviceId(), row.deviceName(), DeviceState.REMOVED,
                        null, "the device is no longer registered");
                continue;
            }
            DesiredDeployment deployment = deployments.stream()
                .filter((candidate) -> candidate.id() == row.deploymentId())
                .findFirst()
                .orElseThrow();
            work.add(new Work(deployment, null, device.get(), true));
        }
        run(application, ids, work);
    }

    /** What one device needs in this pass. */
    private record Work(DesiredDeployment deployment, StoredRelease release, Device device, boolean leftTarget) {
    }

    private void run(ApplicationRef application, List<Long> ids, List<Work> work) {
        Map<Work, Future<Convergence>> futures = new LinkedHashMap<>();
        for (Work item : work) {
            futures.put(item, this.devices.submit(() -> converge(application, ids, item)));
        }
        long deadline = System.nanoTime() + this.settings.deviceTimeout().toNanos();
        int changed = 0;
        for (Map.Entry<Work, Future<Convergence>> entry : futures.entrySet()) {
            Work item = entry.getKey();
            Convergence result;
            try {
                result = entry.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (TimeoutException ex) {
                entry.getValue().cancel(true);
                result = Convergence.failed("timeout", "device " + item.device().label() + " did not reach its "
                        + "desired state within " + this.settings.deviceTimeout() + "; the next pass tries again");
                record(application, ids, item, result);
            }
            catch (ExecutionException ex) {
                result = Convergence.failed("reconcile", String.valueOf(ex.getCause()));
                record(application, ids, item, result);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            if (result.changed()) {
                changed++;
            }
        }
        if (changed > 0) {
            log.info("application={} owner={}: {} of {} devices changed", application.name(), application.owner(),
                    changed, work.size());
        }
    }

    private Convergence converge(ApplicationRef application, List<Long> ids, Work item) {
        Device device = item.device();
        long deployment = item.deployment().id();
        RunState desired = item.leftTarget() ? RunState.REMOVED : item.deployment().runState();
        Convergence result = this.convergence.converge(application, deployment, desired, item.release(), device,
                (state, step) -> this.states.report(deployment, device.id(), device.name(), state, step, null));
        record(application, ids, item, result);
        if (result.tidy() != null) {
            try {
                result.tidy().run();
            }
            catch (RuntimeException ex) {
                log.debug("application={} device={}: tidying up failed, the next change tries again: {}",
                        application.name(), device.label(), ex.toString());
            }
        }
        return result;
    }

    private void record(ApplicationRef application, List<Long> ids, Work item, Convergence result) {
        Device device = item.device();
        String message = result.message();
        if (item.leftTarget() && result.state() == DeviceState.REMOVED) {
            message = "the device left the target: the application was removed";
        }
        this.states.report(item.deployment().id(), device.id(), device.name(), result.state(), result.step(),
                message, result.health());
        if (!item.leftTarget()) {
            this.states.supersede(ids, device.id(), item.deployment().id());
        }
        if (result.state() == DeviceState.FAILED) {
            log.warn("application={} owner={} device={} deployment={}: failed at {}: {}", application.name(),
                    application.owner(), device.label(), item.deployment().id(), result.step(), result.message());
        }
    }

    private List<Device> resolve(ApplicationRef application, DeploymentTarget target) {
        try {
            return this.fleet.resolve(application.owner(), target);
        }
        catch (ErrorResponseException ex) {
            if (ex.getStatusCode().value() == 404) {
                // the group or the device is gone: it selects nothing, so its devices lose the application
                return List.of();
            }
            // anything else (machine-service down): this pass changes nothing rather than remove on a guess
            throw ex;
        }
    }

    @Override
    public void start() {
        if (this.settings.enabled()) {
            scheduleSweep(Duration.ofSeconds(1));
        }
        this.started = true;
    }

    private void scheduleSweep(Duration delay) {
        this.timer.schedule(() -> {
            try {
                requestAll();
            }
            catch (RuntimeException ex) {
                log.warn("the reconciler's steady pass could not list the applications: {}", ex.toString());
            }
            finally {
                scheduleSweep(jittered(this.settings.interval()));
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The interval, a fifth longer or shorter at random: replicas and restarts do not fall into step. */
    static Duration jittered(Duration interval) {
        long millis = interval.toMillis();
        long spread = millis / 5;
        return Duration.ofMillis(Math.max(1, millis + ((spread > 0)
                ? ThreadLocalRandom.current().nextLong(-spread, spread + 1) : 0)));
    }

    @Override
    public void stop() {
        this.started = false;
        this.timer.shutdownNow();
        this.passes.shutdownNow();
        this.devices.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return this.started;
    }

}
