package io.iotdeploy.deployment.desired;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
record DesiredDeploymentResponse(long id, String application, Integer release, Target target, String state,
        String createdBy, Instant createdAt, String note, Map<String, Integer> summary, List<DeviceEntry> devices,
        List<Superseded> supersedes) {

    record Target(String kind, String value) {

        static Target of(DeploymentTarget target) {
            return new Target(target.kind().value(), target.value());
        }

    }

    /**
     * @param step    the step it failed in, or is waiting at ({@code device} for an offline one)
     * @param message the engine's (or the platform's) words for it
     */
    record DeviceEntry(long deviceId, String device, String state, String step, String message, Long supersededBy,
            Instant updatedAt) {

        static DeviceEntry of(DeviceDeployment row) {
            return new DeviceEntry(row.deviceId(), row.deviceName(), row.state().value(), row.step(), row.message(),
                    row.supersededBy(), row.updatedAt());
        }

    }

    /** Where the application is on one device: the deployment that has it there, and its release. */
    record Placement(long deviceId, String device, long deployment, Integer release, String state, String step,
            String message, Instant updatedAt) {
    }

    record Superseded(long deployment, long deviceId, String device) {
    }

    static DesiredDeploymentResponse of(DesiredDeployment deployment, String application, Integer release,
            List<DeviceDeployment> rows, List<Superseded> supersedes) {
        Map<String, Integer> summary = new TreeMap<>();
        rows.forEach((row) -> summary.merge(row.state().value(), 1, Integer::sum));
        return new DesiredDeploymentResponse(deployment.id(), application, release,
                Target.of(deployment.target()), deployment.runState().value(), deployment.createdBy(),
                deployment.createdAt(), deployment.note(), summary, rows.stream().map(DeviceEntry::of).toList(),
                supersedes);
    }

}
