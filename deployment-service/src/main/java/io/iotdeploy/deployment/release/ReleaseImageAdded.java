package io.iotdeploy.deployment.release;

/** A release got the image of one more platform ({@link ReleaseBuilds}): its devices of that platform can run it. */
public record ReleaseImageAdded(long applicationId, long releaseId, String platform) {
}
