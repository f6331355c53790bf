package io.iotdeploy.deployment.desired;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a deployment asks of its application on each device it selects. */
public enum RunState {

    /** created and running (the default) */
    RUNNING,

    /** created, not running: a user's stop, which the reconciler keeps */
    STOPPED,

    /** created, its processes frozen */
    PAUSED,

    /** not on the device at all: an undeploy */
    REMOVED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return {@code null} for a value that is none of them */
    static RunState parse(String value) {
        for (RunState state : values()) {
            if (state.value().equals(value)) {
                return state;
            }
        }
        return null;
    }

    static String choices() {
        return Arrays.stream(values()).map(RunState::value).collect(Collectors.joining(", "));
    }

}
