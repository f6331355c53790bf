package io.iotdeploy.deployment.release;

import java.time.Instant;

/**
 * An application, as the API shows it.
 *
 * @param latestRelease   the number of its newest release ({@code null} only if it had none, which the API never
 *                        makes: an application is made with its first release)
 * @param latestReleaseAt when that was made
 */
record ApplicationResponse(String name, String owner, Instant createdAt, Integer latestRelease,
        Instant latestReleaseAt) {
}
