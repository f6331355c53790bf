package io.iotdeploy.deployment.rollout;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** One event of a rollout's timeline. */
@Schema(name = "RolloutEvent")
public record RolloutEventResponse(long id, Instant at,
        @Schema(description = "started, phase-started, phase-done, waiting, paused, resumed, device-failed, failed, "
                + "rolled-back, finished or aborted") String kind,
        @Schema(description = "1 first; null for the whole rollout") Integer phase,
        @Schema(description = "the device's id, for a device's event") Long deviceId,
        @Schema(description = "the device's name") String device,
        @Schema(description = "the release the devices ran before") Integer fromRelease,
        @Schema(description = "the release they move to") Integer toRelease, String reason) {

    public static RolloutEventResponse of(RolloutEvent event) {
        return new RolloutEventResponse(event.id(), event.at(), event.kind(),
                (event.phase() != null) ? event.phase() + 1 : null, event.deviceId(), event.deviceName(),
                event.fromRelease(), event.toRelease(), event.reason());
    }

}
