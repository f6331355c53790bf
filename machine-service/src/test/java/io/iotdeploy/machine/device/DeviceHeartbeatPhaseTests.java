package io.iotdeploy.machine.device;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where in the interval the heartbeat pings each device. */
class DeviceHeartbeatPhaseTests {

    private static final long INTERVAL = 30_000;

    @Test
    void withJitterTheDevicesAreSpreadOverTheInterval() {
        int[] tenths = new int[10];
        LongStream.rangeClosed(1, 1000).forEach((id) -> {
            long phase = DeviceHeartbeat.phase(id, 42, INTERVAL, true);
            assertThat(phase).isBetween(0L, INTERVAL - 1);
            tenths[(int) (phase * 10 / INTERVAL)]++;
        });
        // consecutive ids (devices registered one after the other) do not bunch: about 100 in each tenth
        for (int count : tenths) {
            assertThat(count).as("devices in one tenth of the interval").isBetween(50, 150);
        }
    }

    @Test
    void aDevicesPhaseStaysFromRoundToRoundAndDiffersOnAnotherReplica() {
        assertThat(DeviceHeartbeat.phase(7, 42, INTERVAL, true))
            .isEqualTo(DeviceHeartbeat.phase(7, 42, INTERVAL, true));
        long differing = LongStream.rangeClosed(1, 100)
            .filter((id) -> DeviceHeartbeat.phase(id, 42, INTERVAL, true) != DeviceHeartbeat.phase(id, 43, INTERVAL,
                    true))
            .count();
        assertThat(differing).isGreaterThan(90);
    }

    @Test
    void withoutJitterEveryDeviceIsPingedAtTheStartOfTheInterval() {
        assertThat(LongStream.rangeClosed(1, 100).map((id) -> DeviceHeartbeat.phase(id, 42, INTERVAL, false)))
            .containsOnly(0L);
    }

}
