package io.iotdeploy.machine.device;

import java.time.Instant;

/**
 * Something the reconciler acts on, each recorded in the same transaction as the change it reports:
 * <ul>
 * <li>{@code online}, {@code offline}: a device's state changed between {@code online} and not online
 * ({@code offline}, or {@code unknown}: something answers, but not as a Docker Engine), found by whichever ping saw
 * it (the heartbeat's, or its owner's); the state a device is registered with is no transition;</li>
 * <li>{@code tags}: a device's tags were set, at its registration (whatever they are: {@code !site} selects an
 * untagged device) and by every change of them, so the groups that select it may have changed;</li>
 * <li>{@code group}: one of its owner's groups was created, changed or deleted ({@code deviceId} null,
 * {@code group} its name).</li>
 * </ul>
 *
 * @param id       in the order the events were recorded; {@code GET /devices/events?after=<id>} reads on from one
 * @param deviceId the device's id in machine-service (it may be deleted since); {@code null} for {@code group}
 * @param owner    the device's or the group's owner
 * @param kind     {@code online}, {@code offline}, {@code tags} or {@code group}
 * @param group    the group's name for {@code group}, else {@code null}
 * @param at       when the change was recorded
 */
record DeviceEvent(long id, Long deviceId, String owner, String kind, String group, Instant at) {

    static final String ONLINE = DeviceState.ONLINE.value();

    static final String OFFLINE = DeviceState.OFFLINE.value();

    static final String TAGS = "tags";

    static final String GROUP = "group";

}
