package io.iotdeploy.deployment.desired;

/** Published when an application's desired state changed: the reconciler drives its devices once it is committed. */
public record DesiredStateChanged(long applicationId) {
}
