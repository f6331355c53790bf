package io.iotdeploy.deployment.release;

/**
 * What makes two releases of an application the same release: the artifact's SHA-256 and the SHA-256 of the
 * release's canonical settings ({@link ReleaseSettings#hash()}). Making a release whose identity the application
 * has already answers with that release (200) instead of a new number (201); looking one up
 * ({@code POST /applications/{name}/releases/lookup}) tells the gateway that an upload is unchanged before it builds
 * anything. Neither the artifact's kind nor its size is part of it (both follow from its content), nor are the
 * image, the note, who or when: they describe a release, they do not make it another one.
 *
 * @param artifactSha256 64 lower-case hex digits
 * @param settingsHash   64 lower-case hex digits
 */
record ReleaseIdentity(String artifactSha256, String settingsHash) {
}
