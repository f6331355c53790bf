package io.iotdeploy.deployment.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A rollout as the API shows it, on its deployment.
 *
 * @param phase  the phase being worked on, 1 first (the last once finished)
 * @param phases each phase: its size as asked, the devices it reaches in total, and whether it is done
 * @param reason why it stopped or waits (a failure's devices, steps and messages)
 */
@Schema(name = "Rollout", description = "How the deployment's release reaches its devices, and where it is")
public record RolloutResponse(@Schema(description = "phased or all-at-once") String strategy,
        @Schema(description = "running, waiting (for approval: resume it), paused, finished, rolled-back or aborted")
        String status, @Schema(description = "the phase being worked on, 1 first") int phase, List<Phase> phases,
        @Schema(example = "60s") String soakTime, @Schema(example = "10m") String phaseTimeout, boolean approval,
        @Schema(description = "the share of a later phase's devices that may fail", example = "20%")
        String errorThreshold, String reason, Instant phaseStartedAt, Instant updatedAt) {

    /**
     * @param size    as asked: a count or a share of the target
     * @param reached the devices reached once it is done, in total
     * @param status  done, running, waiting (not begun) or stopped (the rollout ended before it)
     */
    @Schema(name = "RolloutPhase")
    public record Phase(int number, String size, int reached,
            @Schema(description = "done, running, waiting (not begun) or stopped") String status) {
    }

    public static RolloutResponse of(Rollout rollout, int devices) {
        RolloutPlan plan = rollout.plan();
        List<Integer> reached = plan.reached(devices);
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < plan.phases().size(); i++) {
            String status;
            if (Rollout.FINISHED.equals(rollout.status()) || i < rollout.phase()) {
                status = "done";
            }
            else if (i == rollout.phase() && rollout.active()) {
                status = Rollout.WAITING.equals(rollout.status()) ? "done" : "running";
            }
            else {
                status = rollout.active() ? "waiting" : "stopped";
            }
            phases.add(new Phase(i + 1, plan.phases().get(i), reached.get(i), status));
        }
        return new RolloutResponse(plan.strategy(), rollout.status(), rollout.phase() + 1, phases,
                io.iotdeploy.deployment.settings.HealthCheck.format(plan.soak()),
                io.iotdeploy.deployment.settings.HealthCheck.format(plan.phaseTimeout()), plan.approval(),
                plan.laterThreshold() + "%", rollout.reason(), rollout.phaseStartedAt(), rollout.updatedAt());
    }

}
