package io.iotdeploy.deployment.container;

/**
 * A deployed container and how long each step took on the device.
 *
 * @param startMillis {@code null} when the container was only created (or kept, running already)
 * @param kept        the device ran this release already, from the same image: nothing was pulled, removed or
 *                    created (only its run state set)
 */
record Deployment(Container container, String image, long pullMillis, long createMillis, Long startMillis,
        boolean kept) {
}
