package io.iotdeploy.deployment.reconcile;

import io.iotdeploy.deployment.desired.DeviceState;

/**
 * Where one device ended up in a pass.
 *
 * @param step    the step it failed in or waits at ({@code device}: offline), else {@code null}
 * @param message what went wrong, in the engine's (or the platform's) words
 * @param changed whether anything was done on the device (pulled, created, started, stopped, removed)
 */
record Convergence(DeviceState state, String step, String message, boolean changed) {

    static Convergence reached(DeviceState state, boolean changed) {
        return new Convergence(state, null, null, changed);
    }

    static Convergence waiting(String step, String message) {
        return new Convergence(DeviceState.PENDING, step, message, false);
    }

    static Convergence failed(String step, String message) {
        return new Convergence(DeviceState.FAILED, step, message, false);
    }

}
