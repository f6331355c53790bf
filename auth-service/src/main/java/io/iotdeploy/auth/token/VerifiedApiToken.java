package io.iotdeploy.auth.token;

import java.time.Instant;

/**
 * What the gateway learns from a valid token: on whose behalf the request runs.
 *
 * @param username  the token's owner
 * @param admin     whether the owner is an administrator now
 * @param tokenId   the token's number
 * @param name      the token's name
 * @param expiresAt when it stops working, {@code null} for never: the gateway remembers it no longer than that
 */
record VerifiedApiToken(String username, boolean admin, long tokenId, String name, Instant expiresAt) {
}
