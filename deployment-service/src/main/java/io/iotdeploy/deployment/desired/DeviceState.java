package io.iotdeploy.deployment.desired;

import java.util.Locale;

/** Where one device of a deployment is, as the reconciler last saw it. */
public enum DeviceState {

    /** offline, or not reached yet */
    PENDING,

    PULLING,

    /** creating and starting the container */
    STARTING,

    RUNNING,

    STOPPED,

    PAUSED,

    /** with the step and the engine's message */
    FAILED,

    /** the application is not on the device (an undeploy, or the device left the target) */
    REMOVED,

    /** a newer deployment of the application selects the device */
    SUPERSEDED,

    /** a rollout moved it to the deployment's release, failed, and took it back to the release it ran before */
    ROLLED_BACK;

    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static DeviceState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The state a device reaches once it is where the deployment wants it. */
    public static DeviceState reached(RunState desired) {
        return switch (desired) {
            case RUNNING -> RUNNING;
            case STOPPED -> STOPPED;
            case PAUSED -> PAUSED;
            case REMOVED -> REMOVED;
        };
    }

}
