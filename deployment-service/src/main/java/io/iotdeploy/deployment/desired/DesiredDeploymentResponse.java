package io.iotdeploy.deployment.desired;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.iotdeploy.deployment.rollout.Rollout;
import io.iotdeploy.deployment.rollout.RolloutResponse;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A deployment and where each of its devices is.
 *
 * @param release    the release's number; {@code null} for an undeploy
 * @param state      what it asks of each device: running, stopped, paused or removed
 * @param summary    how many devices are in each state
 * @param devices    each device the target selected, and where it is
 * @param supersedes the devices that an older deployment of the application had, which this one now has (answered
 *                   when it is made: the later deployment wins per device)
 */
record DesiredDeploymentResponse(long id, String application,
        @Schema(description = "the release's number; null for an undeploy") Integer release, Target target,
        @Schema(description = "what it asks of each device: running, stopped, paused or removed") String state,
        String createdBy, Instant createdAt, String note,
        @Schema(description = "how many of its devices are in each state, {\"running\": 2}")
        Map<String, Integer> summary,
        @Schema(description = "each device the target selected, and where it is") List<DeviceEntry> devices,
        @Schema(description = "the devices an older deployment of the application had, which this one has now "
                + "(answered when it is made; a rollout takes each when its phase begins)")
        List<Superseded> supersedes,
        @Schema(description = "how the release reaches the devices (a deployment to a group or a selector); null "
                + "for one to a device") RolloutResponse rollout) {

    /** A device's state, here and in {@link Placement}. */
    static final String STATE = "pending (offline, or not reached yet), pulling, starting, running, stopped, "
            + "paused, failed (see step and message), removed, or superseded (a newer deployment has the device)";

    static final String STEP = "the step it is at (pull, create, start), failed in, or waits at (device, for an "
            + "offline one)";

    static final String MESSAGE = "the engine's (or the platform's) words for a failure or a wait";

    static final String HEALTH = "starting, healthy or unhealthy, as the release's health check last said; null "
            + "without a check";

    /** The target as stored: its schema is named apart from the request's {@code Target}, another shape. */
    @Schema(name = "DeploymentTarget", description = "The devices a deployment is for")
    record Target(@Schema(description = "device, group or selector") String kind,
            @Schema(description = "the device's id, the group's name or the selector") String value) {

        static Target of(DeploymentTarget target) {
            return new Target(target.kind().value(), target.value());
        }

    }

    /**
     * @param step    the step it failed in, or is waiting at ({@code device} for an offline one)
     * @param message the engine's (or the platform's) words for it
     */
    record DeviceEntry(long deviceId, @Schema(description = "the device's name") String device,
            @Schema(description = STATE) String state, @Schema(description = STEP) String step,
            @Schema(description = MESSAGE) String message, @Schema(description = HEALTH) String health,
            @Schema(description = "the newer deployment that has the device now, if superseded") Long supersededBy,
            Instant updatedAt) {

        static DeviceEntry of(DeviceDeployment row) {
            return new DeviceEntry(row.deviceId(), row.deviceName(), row.state().value(), row.step(), row.message(),
                    row.health(), row.supersededBy(), row.updatedAt());
        }

    }

    /** Where the application is on one device: the deployment that has it there, and its release. */
    record Placement(long deviceId, @Schema(description = "the device's name") String device,
            @Schema(description = "the id of the deployment that has the device") long deployment,
            @Schema(description = "its release's number; null for an undeploy") Integer release,
            @Schema(description = STATE) String state, @Schema(description = STEP) String step,
            @Schema(description = MESSAGE) String message, @Schema(description = HEALTH) String health,
            Instant updatedAt) {
    }

    record Superseded(@Schema(description = "the older deployment's id") long deployment, long deviceId,
            @Schema(description = "the device's name") String device) {
    }

    static DesiredDeploymentResponse of(DesiredDeployment deployment, String application, Integer release,
            List<DeviceDeployment> rows, List<Superseded> supersedes, Rollout rollout) {
        Map<String, Integer> summary = new TreeMap<>();
        rows.forEach((row) -> summary.merge(row.state().value(), 1, Integer::sum));
        return new DesiredDeploymentResponse(deployment.id(), application, release,
                Target.of(deployment.target()), deployment.runState().value(), deployment.createdBy(),
                deployment.createdAt(), deployment.note(), summary, rows.stream().map(DeviceEntry::of).toList(),
                supersedes, (rollout != null) ? RolloutResponse.of(rollout, rows.size()) : null);
    }

}
