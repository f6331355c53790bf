package io.iotdeploy.deployment.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import io.iotdeploy.deployment.rollout.Rollout;
import io.iotdeploy.deployment.rollout.Rollouts;
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

    private static final String ROLLED_BACK_REMOVED = "rolled back: the application had no earlier release here and "
            + "was removed; ";

    private final DesiredStates states;

    private final ReleaseCatalog catalog;

    private final FleetDirectory fleet;

    private final DeviceConvergence convergence;

    private final ApplicationLease lease;

    private final Rollouts rollouts;

    private final Duration rolloutTick;

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
            ApplicationLease lease, Rollouts rollouts, DeploymentServiceProperties properties) {
        this.rollouts = rollouts;
        this.rolloutTick = properties.rollout().tick();
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
        Map<Long, Rollout> rollouts = this.rollouts.of(ids);
        Map<String, DeviceDeployment> rows = new HashMap<>();
        for (DeviceDeployment row : this.states.devices(ids)) {
            rows.put(key(row.deploymentId(), row.deviceId()), row);
        }
        // per device, the newest deployment whose target selects it and whose rollout (if any) has reached it
        Map<Long, DesiredDeployment> winners = new LinkedHashMap<>();
        Map<Long, Device> selected = new HashMap<>();
        Map<DeploymentTarget, List<Device>> resolved = new HashMap<>();
        List<Waiting> waiting = new ArrayList<>();
        for (DesiredDeployment deployment : deployments) {
            List<Device> devices = resolved.computeIfAbsent(deployment.target(),
                    (target) -> resolve(application, target));
            Rollout rollout = rollouts.get(deployment.id());
            for (Device device : devices) {
                selected.putIfAbsent(device.id(), device);
                if (winners.containsKey(device.id())) {
                    continue;
                }
                DeviceDeployment row = rows.get(key(deployment.id(), device.id()));
                if (rollout != null && !rollout.admits((row != null) ? row.phase() : null,
                        rollout.plan().phases().size())) {
                    waiting.add(new Waiting(deployment, rollout, device, row));
                    continue;
                }
                winners.put(device.id(), deployment);
            }
        }
        // devices that had the application from a deployment and that none has now: it is removed there (a device
        // a rollout has not reached yet never had it from that rollout)
        Map<Long, DeviceDeployment> left = new HashMap<>();
        for (DeviceDeployment row : rows.values()) {
            // (a rolled-back device without an earlier release stays here until its removal is done)
            boolean untouched = rollouts.containsKey(row.deploymentId()) && row.state() == DeviceState.PENDING
                    && (row.step() == null || "rollout".equals(row.step()));
            if (!winners.containsKey(row.deviceId()) && row.state() != DeviceState.REMOVED
                    && row.state() != DeviceState.SUPERSEDED && !untouched) {
                left.merge(row.deviceId(), row, (a, b) -> (a.deploymentId() > b.deploymentId()) ? a : b);
            }
        }
        Map<Long, StoredRelease> releases = new HashMap<>();
        List<Work> work = new ArrayList<>();
        // a rollout that has not reached a device, or gave it back, keeps its own row of it (it says why)
        Map<Long, Set<Long>> holding = new HashMap<>();
        waiting.forEach((item) -> holding.computeIfAbsent(item.device().id(), (id) -> new HashSet<>())
            .add(item.deployment().id()));
        winners.forEach((deviceId, deployment) -> work.add(new Work(deployment, release(deployment, releases),
                selected.get(deviceId), false, null, ids.stream()
                    .filter((id) -> !holding.getOrDefault(deviceId, Set.of()).contains(id))
                    .toList())));
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
            Rollout rollout = rollouts.get(deployment.id());
            work.add(new Work(deployment, null, device.get(), true,
                    (rollout != null && Rollout.ROLLED_BACK.equals(rollout.status())) ? rollout : null, List.of()));
        }
        run(application, ids, work);
        waited(waiting, winners, releases);
        for (DesiredDeployment deployment : deployments) {
            Rollout rollout = rollouts.get(deployment.id());
            if (rollout != null && Rollout.RUNNING.equals(rollout.status()) && evaluate(deployment, releases)) {
                // it moved on (a phase began, or it is rolled back): its devices are worked on now, not in a while
                request(application.id());
            }
        }
    }

    /** A device that a deployment selects and its rollout has not reached (or has given back). */
    private record Waiting(DesiredDeployment deployment, Rollout rollout, Device device, DeviceDeployment row) {
    }

    private static String key(long deployment, long device) {
        return deployment + "/" + device;
    }

    private StoredRelease release(DesiredDeployment deployment, Map<Long, StoredRelease> releases) {
        return (deployment.releaseId() != null) ? releases.computeIfAbsent(deployment.releaseId(),
                (id) -> this.catalog.release(id).orElse(null)) : null;
    }

    /** Says, on each row of a rollout that does not have its device, why: not reached yet, or taken back. */
    private void waited(List<Waiting> waiting, Map<Long, DesiredDeployment> winners,
            Map<Long, StoredRelease> releases) {
        for (Waiting item : waiting) {
            Rollout rollout = item.rollout();
            DeviceDeployment row = item.row();
            DesiredDeployment now = winners.get(item.device().id());
            boolean moved = row != null && row.state() != DeviceState.PENDING;
            if (Rollout.ROLLED_BACK.equals(rollout.status()) && moved) {
                StoredRelease back = (now != null) ? release(now, releases) : null;
                this.states.report(item.deployment().id(), item.device().id(), item.device().name(),
                        DeviceState.ROLLED_BACK, "rollout", (back != null)
                                ? "rolled back to release " + back.number() + ": " + rollout.reason()
                                : ROLLED_BACK_REMOVED + rollout.reason());
                continue;
            }
            if (moved) {
                continue;
            }
            int phases = rollout.plan().phases().size();
            int phase = (row != null && row.phase() != null) ? row.phase() : phases - 1;
            String why = switch (rollout.status()) {
                case Rollout.ROLLED_BACK -> "never reached: the rollout was rolled back in phase "
                        + (rollout.phase() + 1) + "; the device keeps what it had";
                case Rollout.ABORTED -> "never reached: the rollout was aborted in phase " + (rollout.phase() + 1)
                        + "; the device keeps what it had";
                default -> "waits for phase " + (phase + 1) + " of " + phases + " (the rollout is " + rollout.status()
                        + " in phase " + (rollout.phase() + 1) + ")";
            };
            this.states.report(item.deployment().id(), item.device().id(), item.device().name(), DeviceState.PENDING,
                    "rollout", why);
        }
    }

    /** Moves the deployment's rollout on from its devices' states; whether it changed. */
    private boolean evaluate(DesiredDeployment deployment, Map<Long, StoredRelease> releases) {
        List<Rollouts.Device> devices = this.states.devices(List.of(deployment.id()))
            .stream()
            .map((row) -> new Rollouts.Device(row.deviceId(), row.deviceName(), row.phase(), row.state().value(),
                    row.step(), row.message(), row.health(), row.healthySince()))
            .toList();
        StoredRelease release = release(deployment, releases);
        Integer previous = this.states.deployments(deployment.applicationId())
            .stream()
            .filter((older) -> older.id() < deployment.id() && older.releaseId() != null)
            .findFirst()
            .map((older) -> release(older, releases))
            .map(StoredRelease::number)
            .orElse(null);
        return this.rollouts.evaluate(deployment.id(), deployment.runState().value(), devices,
                (release != null) ? release.number() : null, previous);
    }

    /**
     * What one device needs in this pass.
     *
     * @param rolledBack the rolled-back rollout the device leaves (it had no earlier release), or {@code null}
     * @param others     the deployments whose rows of the device the one working on it supersedes
     */
    private record Work(DesiredDeployment deployment, StoredRelease release, Device device, boolean leftTarget,
            Rollout rolledBack, List<Long> others) {
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
        DeviceState state = result.state();
        if (item.leftTarget() && state == DeviceState.REMOVED) {
            message = "the device left the target: the application was removed";
            if (item.rolledBack() != null) {
                state = DeviceState.ROLLED_BACK;
                message = ROLLED_BACK_REMOVED + item.rolledBack().reason();
            }
        }
        boolean healthy = !item.leftTarget() && result.state() == DeviceState.reached(item.deployment().runState())
                && !"unhealthy".equals(result.health()) && !"starting".equals(result.health());
        this.states.report(item.deployment().id(), device.id(), device.name(), state, result.step(),
                message, result.health(), healthy, result.restarts());
        if (!item.leftTarget()) {
            this.states.supersede(item.others(), device.id(), item.deployment().id());
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
            this.timer.scheduleWithFixedDelay(this::tick, this.rolloutTick.toMillis(), this.rolloutTick.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        this.started = true;
    }

    /** A pass over each application with a running rollout: its soak times and timeouts are checked often. */
    private void tick() {
        try {
            List<Long> active = this.rollouts.activeDeployments();
            if (!active.isEmpty()) {
                this.states.applicationIdsOfDeployments(active).forEach(this::request);
            }
        }
        catch (RuntimeException ex) {
            log.warn("the rollouts' tick could not list them: {}", ex.toString());
        }
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
