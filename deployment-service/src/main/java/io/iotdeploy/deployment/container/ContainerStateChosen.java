package io.iotdeploy.deployment.container;

import io.iotdeploy.device.Device;
import io.iotdeploy.token.CurrentUser;

/**
 * A user chose the state of one of an application's containers by hand (started, stopped, paused, removed it on
 * one device): published before the engine is asked, so that the desired state says so and the reconciler keeps
 * the user's choice instead of undoing it.
 *
 * @param release the release the container runs (its label)
 * @param state   {@code running}, {@code stopped}, {@code paused} or {@code removed}
 */
public record ContainerStateChosen(CurrentUser user, Device device, String application, int release, String state) {
}
