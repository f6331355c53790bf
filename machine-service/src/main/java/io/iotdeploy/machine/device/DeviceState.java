package io.iotdeploy.machine.device;

import java.util.Locale;

enum DeviceState {

    ONLINE, OFFLINE, UNKNOWN;

    /** As stored and shown: {@code online}, {@code offline}, {@code unknown}. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

}
