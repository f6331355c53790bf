package io.iotdeploy.deployment.release;

import java.util.Map;
import java.util.Optional;

import io.iotdeploy.deployment.settings.RunSettings;

/**
 * A release as the rest of deployment-service reads it (the desired state, the reconciler): what a device needs to
 * run it. Releases are immutable, so a copy never goes stale, except that images of platforms built later are added.
 *
 * @param images the image of every platform built so far, by platform ({@code linux/amd64})
 * @param run    how its container runs: environment, ports, network and the policy-gated settings
 */
public record StoredRelease(long id, long applicationId, String owner, String application, int number,
        Map<String, String> images, RunSettings run, String settingsHash) {

    /** The release's image for a device of this platform, if that platform has been built. */
    public Optional<String> imageFor(String platform) {
        return Optional.ofNullable(this.images.get(platform));
    }

}
