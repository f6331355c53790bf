package io.iotdeploy.deployment.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * Rollouts: made with their deployment, read by the reconciler (which devices a deployment may move now), and
 * moved on by it after every pass over the application ({@link #evaluate}): a phase is done when its online devices
 * have been healthy for the soak time; too many failures stop the rollout and roll it back, so that every device it
 * moved goes back to the release it ran before. Users pause, resume and abort one.
 */
@Service
public class Rollouts {

    private static final Logger log = LoggerFactory.getLogger(Rollouts.class);

    private static final List<String> ACTIVE = List.of(Rollout.RUNNING, Rollout.WAITING, Rollout.PAUSED);

    private final RolloutRepository rollouts;

    private final RolloutEventRepository events;

    private final Clock clock;

    Rollouts(RolloutRepository rollouts, RolloutEventRepository events, Clock clock) {
        this.rollouts = rollouts;
        this.events = events;
        this.clock = clock;
    }

    /**
     * One device of a rollout's deployment as the reconciler last saw it.
     *
     * @param phase        its phase, {@code null} when it joined the target after the rollout began
     * @param state        pending, pulling, starting, running, stopped, paused, failed, …
     * @param healthySince since when it has been where the deployment wants it, healthy and without a restart
     */
    public record Device(long deviceId, String name, Integer phase, String state, String step, String message,
            String health, Instant healthySince) {
    }

    /**
     * Starts the rollout of a deployment just made, in its transaction.
     *
     * @param release  the deployment's release number
     * @param previous the release its devices ran before (the application's newest earlier deployment), or
     *                 {@code null}
     */
    @Transactional
    public Rollout start(long deploymentId, RolloutPlan plan, int devices, Integer release, Integer previous) {
        Instant now = this.clock.instant();
        Rollout rollout = this.rollouts.save(new Rollout(deploymentId, plan, now));
        event(rollout, "started", null, null, null, previous, release, plan.strategy() + " to " + devices
                + " devices, phases " + plan.reached(devices) + ", soak " + plan.soak().toSeconds() + " s");
        return rollout;
    }

    @Transactional(readOnly = true)
    public Map<Long, Rollout> of(Collection<Long> deploymentIds) {
        Map<Long, Rollout> found = new LinkedHashMap<>();
        if (!deploymentIds.isEmpty()) {
            this.rollouts.findByDeploymentIdIn(deploymentIds).forEach((r) -> found.put(r.deploymentId(), r));
        }
        return found;
    }

    @Transactional(readOnly = true)
    public Optional<Rollout> of(long deploymentId) {
        return this.rollouts.findById(deploymentId);
    }

    /** The deployments whose rollouts still run or are held. */
    @Transactional(readOnly = true)
    public List<Long> activeDeployments() {
        return this.rollouts.findByStatusIn(ACTIVE).stream().map(Rollout::deploymentId).toList();
    }

    @Transactional(readOnly = true)
    public List<RolloutEvent> timeline(long deploymentId) {
        return this.events.findByDeploymentIdOrderById(deploymentId);
    }

    /**
     * Moves the rollout on after a pass: fails and rolls it back when its running phase has too many failures,
     * completes the phase when every online device of it has been healthy for the soak time.
     *
     * @param desired  what the deployment wants of a device: running, stopped or paused
     * @param devices  every device of the deployment
     * @param release  the deployment's release number, {@code previous} the one before (for the events)
     * @return whether it changed (the devices it admits may have too: the caller passes over them again)
     */
    @Transactional
    public boolean evaluate(long deploymentId, String desired, List<Device> devices, Integer release,
            Integer previous) {
        Rollout rollout = this.rollouts.findById(deploymentId).orElse(null);
        if (rollout == null || !Rollout.RUNNING.equals(rollout.status())) {
            return false;
        }
        RolloutPlan plan = rollout.plan();
        int phases = plan.phases().size();
        Instant now = this.clock.instant();
        int phase = rollout.phase();
        Decision decision = decide(plan, phase, rollout.phaseStartedAt(), desired, devices, now);
        List<Device> failed = decision.failed();
        boolean timedOut = decision.timedOut();
        if (decision.outcome() == Outcome.FAIL) {
            int threshold = plan.threshold(phase);
            String why = "phase " + (phase + 1) + " of " + phases + ": " + failed.size() + " of "
                    + decision.inPhase() + " devices failed (" + ((phase == 0) ? "none may fail in the first phase"
                            : "more than " + threshold + " %") + "): " + failed.stream()
                                .map((device) -> describe(device, timedOut, plan))
                                .collect(Collectors.joining("; "));
            for (Device device : failed) {
                event(rollout, "device-failed", phase, device.deviceId(), device.name(), previous, release,
                        describe(device, timedOut, plan));
            }
            rollout.status(Rollout.ROLLED_BACK, why, now);
            event(rollout, "failed", phase, null, null, previous, release, why);
            event(rollout, "rolled-back", phase, null, null, release, previous, (previous != null)
                    ? "every device this rollout moved goes back to release " + previous
                    : "every device this rollout moved loses the application: it had no earlier release");
            log.warn("deployment={} rollout failed and is rolled back: {}", deploymentId, why);
            return true;
        }
        if (decision.outcome() == Outcome.WAIT) {
            return false;
        }
        for (Device device : failed) {
            event(rollout, "device-failed", phase, device.deviceId(), device.name(), previous, release,
                    describe(device, timedOut, plan) + " (within the error threshold)");
        }
        event(rollout, "phase-done", phase, null, null, previous, release, decision.online() + " of "
                + decision.inPhase()
                + " devices healthy for " + plan.soak().toSeconds() + " s" + (failed.isEmpty() ? ""
                        : ", " + failed.size() + " failed"));
        if (phase + 1 >= phases) {
            rollout.status(Rollout.FINISHED, null, now);
            event(rollout, "finished", phase, null, null, previous, release, "every phase done");
            log.info("deployment={} rollout finished", deploymentId);
        }
        else if (plan.approval()) {
            rollout.status(Rollout.WAITING, "phase " + (phase + 1) + " done: waiting for approval (resume)", now);
            event(rollout, "waiting", phase, null, null, previous, release, "resume it to start phase "
                    + (phase + 2));
        }
        else {
            rollout.next(now);
            event(rollout, "phase-started", phase + 1, null, null, previous, release, null);
        }
        return true;
    }

    /** Holds a running rollout: its devices stay as they are, no phase begins. */
    @Transactional
    public Rollout pause(long deploymentId, String user) {
        Rollout rollout = active(deploymentId, "pause");
        if (!Rollout.PAUSED.equals(rollout.status())) {
            rollout.status(Rollout.PAUSED, "paused by " + user, this.clock.instant());
            event(rollout, "paused", rollout.phase(), null, null, null, null, "by " + user);
        }
        return rollout;
    }

    /** Goes on with a paused rollout, or starts the next phase of one waiting for approval. */
    @Transactional
    public Rollout resume(long deploymentId, String user) {
        Rollout rollout = active(deploymentId, "resume");
        Instant now = this.clock.instant();
        if (Rollout.WAITING.equals(rollout.status())) {
            rollout.next(now);
            event(rollout, "resumed", rollout.phase(), null, null, null, null, "approved by " + user);
            event(rollout, "phase-started", rollout.phase(), null, null, null, null, null);
        }
        else if (Rollout.PAUSED.equals(rollout.status())) {
            rollout.resume(now);
            event(rollout, "resumed", rollout.phase(), null, null, null, null, "by " + user);
        }
        return rollout;
    }

    /**
     * Stops a rollout for good: rolled back (every device it moved goes back), or aborted (every device stays as it
     * is, those not reached keep what they had).
     */
    @Transactional
    public Rollout abort(long deploymentId, boolean rollBack, String why) {
        Rollout rollout = active(deploymentId, "abort");
        Instant now = this.clock.instant();
        rollout.status(rollBack ? Rollout.ROLLED_BACK : Rollout.ABORTED, why, now);
        event(rollout, rollBack ? "rolled-back" : "aborted", rollout.phase(), null, null, null, null, why);
        return rollout;
    }

    private Rollout active(long deploymentId, String action) {
        Rollout rollout = this.rollouts.findById(deploymentId).orElseThrow(() -> problem(HttpStatus.NOT_FOUND,
                "No rollout", "Deployment " + deploymentId + " is no rollout (a deployment to one device has none): "
                        + "there is nothing to " + action + ".", deploymentId, null));
        if (!rollout.active()) {
            throw problem(HttpStatus.CONFLICT, "Rollout over", "The rollout of deployment " + deploymentId + " is "
                    + rollout.status() + ": there is nothing to " + action + ".", deploymentId, rollout.status());
        }
        return rollout;
    }

    /** What a look at the running phase's devices says: wait, the phase is done, or the rollout fails. */
    enum Outcome {
        WAIT, DONE, FAIL
    }

    /**
     * @param failed  the phase's devices that failed (or stayed pending past the phase timeout while online)
     * @param inPhase the phase's devices, {@code online} those of them not offline
     */
    record Decision(Outcome outcome, List<Device> failed, int inPhase, int online, boolean timedOut) {
    }

    /**
     * The rule, on its own: a phase fails when more of its devices failed than its threshold allows (in the first
     * phase, any); it is done when each of its online devices has been healthy for the soak time (failed ones within
     * the threshold aside); offline devices count neither way, they converge when they are back.
     */
    static Decision decide(RolloutPlan plan, int phase, Instant phaseStartedAt, String desired, List<Device> devices,
            Instant now) {
        int phases = plan.phases().size();
        List<Device> inPhase = devices.stream()
            .filter((device) -> !"superseded".equals(device.state()))
            .filter((device) -> effectivePhase(device, phases) == phase)
            .toList();
        boolean timedOut = now.isAfter(phaseStartedAt.plus(plan.phaseTimeout()));
        List<Device> failed = new ArrayList<>();
        List<Device> online = new ArrayList<>();
        for (Device device : inPhase) {
            boolean offline = "pending".equals(device.state()) && "device".equals(device.step());
            if (!offline) {
                online.add(device);
            }
            if ("failed".equals(device.state())
                    || (!offline && timedOut && !healthy(device, desired, now, Duration.ZERO))) {
                failed.add(device);
            }
        }
        int threshold = plan.threshold(phase);
        if (!failed.isEmpty() && failed.size() * 100 > threshold * inPhase.size()) {
            return new Decision(Outcome.FAIL, failed, inPhase.size(), online.size(), timedOut);
        }
        boolean soaked = online.stream()
            .allMatch((device) -> failed.contains(device) || healthy(device, desired, now, plan.soak()));
        return new Decision(soaked ? Outcome.DONE : Outcome.WAIT, failed, inPhase.size(), online.size(), timedOut);
    }

    static int effectivePhase(Device device, int phases) {
        return (device.phase() != null) ? Math.min(device.phase(), phases - 1) : phases - 1;
    }

    /** Where the deployment wants it, healthy (or without a check), without a restart, for at least {@code soak}. */
    static boolean healthy(Device device, String desired, Instant now, Duration soak) {
        return desired.equals(device.state()) && !"unhealthy".equals(device.health())
                && !"starting".equals(device.health()) && device.healthySince() != null
                && !now.isBefore(device.healthySince().plus(soak));
    }

    private static String describe(Device device, boolean timedOut, RolloutPlan plan) {
        if ("failed".equals(device.state())) {
            return device.name() + " failed at " + device.step() + ": " + device.message();
        }
        return device.name() + " was not healthy within the phase timeout of " + plan.phaseTimeout().toSeconds()
                + " s (" + device.state() + ((device.health() != null) ? ", " + device.health() : "")
                + ((device.message() != null) ? ": " + device.message() : "") + ")";
    }

    private void event(Rollout rollout, String kind, Integer phase, Long deviceId, String deviceName,
            Integer from, Integer to, String reason) {
        this.events.save(new RolloutEvent(rollout.deploymentId(), this.clock.instant(), kind, phase, deviceId,
                deviceName, from, to, reason));
    }

    /** A rollout problem, naming the deployment (and the rollout's status where it matters). */
    public static ErrorResponseException problem(HttpStatus status, String title, String detail, long deployment,
            String rolloutStatus) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty("deployment", deployment);
        if (rolloutStatus != null) {
            problem.setProperty("rollout", rolloutStatus);
        }
        problem.setProperty("step", "rollout");
        return new ErrorResponseException(status, problem, null);
    }

}
