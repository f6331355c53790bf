package io.iotdeploy.machine.device;

import java.time.Instant;

/**
 * A device went online or offline: the state its pings found changed between {@code online} and not online
 * ({@code offline}, or {@code unknown}: something answers, but not as a Docker Engine). Recorded in the same
 * transaction as the device's new state, by whichever ping saw it (the heartbeat's, or its owner's); the state a
 * device is registered with is no transition.
 *
 * @param id       in the order the events were recorded; {@code GET /devices/events?after=<id>} reads on from one
 * @param deviceId the device's id in machine-service (it may be deleted since)
 * @param owner    the device's owner
 * @param kind     {@code online} or {@code offline}
 * @param at       when the ping that saw it was recorded
 */
record DeviceEvent(long id, long deviceId, String owner, String kind, Instant at) {

    static final String ONLINE = DeviceState.ONLINE.value();

    static final String OFFLINE = DeviceState.OFFLINE.value();

}
