package io.iotdeploy.auth.token;

import java.time.Instant;

/**
 * @param name          what the token is for (1 to 64 characters)
 * @param expiresInDays days until it stops working (1 to 3650); {@code null} for a token that does not expire
 * @param expiresAt     instead of {@code expiresInDays}: the exact moment it stops working (in the future, at most
 *                      3650 days ahead), e.g. the end of one pipeline run
 */
record NewApiTokenRequest(String name, Integer expiresInDays, Instant expiresAt) {

    NewApiTokenRequest(String name, Integer expiresInDays) {
        this(name, expiresInDays, null);
    }

}
