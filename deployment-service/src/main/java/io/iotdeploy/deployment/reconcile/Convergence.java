package io.iotdeploy.deployment.reconcile;

import io.iotdeploy.deployment.desired.DeviceState;

/**
 * Where one device ended up in a pass.
 *
 * @param step    the step it failed in or waits at ({@code device}: offline), else {@code null}
 * @param message what went wrong, in the engine's (or the platform's) words
 * @param changed whether anything was done on the device (pulled, created, started, stopped, removed)
 * @param health  the health check's verdict (starting, healthy, unhealthy), {@code null} without one
 * @param tidy     what is left to do once the state is reported (pruning old images): nothing waits on it
 * @param restarts the engine's restart count of the running container, {@code null} when not read
 */
record Convergence(DeviceState state, String step, String message, boolean changed, String health, Runnable tidy,
        Integer restarts) {

    static Convergence reached(DeviceState state, boolean changed) {
        return new Convergence(state, null, null, changed, null, null, null);
    }

    static Convergence waiting(String step, String message) {
        return new Convergence(DeviceState.PENDING, step, message, false, null, null, null);
    }

    static Convergence failed(String step, String message) {
        return new Convergence(DeviceState.FAILED, step, message, false, null, null, null);
    }

    /** This result with the health check's verdict, and what it said when it is not healthy. */
    Convergence withHealth(String health, String step, String message, boolean changed) {
        return new Convergence(this.state, step, message, this.changed || changed, health, this.tidy, this.restarts);
    }

    /** This result, with something to tidy up after it was reported. */
    Convergence thenTidy(Runnable tidy) {
        return new Convergence(this.state, this.step, this.message, this.changed, this.health, tidy, this.restarts);
    }

    /** This result, with the engine's restart count of the container. */
    Convergence withRestarts(int restarts) {
        return new Convergence(this.state, this.step, this.message, this.changed, this.health, this.tidy, restarts);
    }

}
