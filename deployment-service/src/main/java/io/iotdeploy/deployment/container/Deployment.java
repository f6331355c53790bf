package io.iotdeploy.deployment.container;

/**
 * A deployed container and how long each step took on the device.
 *
 * @param startMillis {@code null} when the container was only created
 */
record Deployment(Container container, String image, long pullMillis, long createMillis, Long startMillis) {
}
