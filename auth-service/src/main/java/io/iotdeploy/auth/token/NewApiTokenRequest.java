package io.iotdeploy.auth.token;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * @param name          what the token is for (1 to 64 characters)
 * @param expiresInDays days until it stops working (1 to 3650); {@code null} for a token that does not expire
 * @param expiresAt     instead of {@code expiresInDays}: the exact moment it stops working (in the future, at most
 *                      3650 days ahead), e.g. the end of one pipeline run
 */
record NewApiTokenRequest(@Schema(description = "what the token is for, 1 to 64 characters") String name,
        @Schema(description = "1 to 3650; without it and expiresAt, the token does not expire") Integer expiresInDays,
        @Schema(description = "instead of expiresInDays: when it stops working, at most 3650 days ahead")
        Instant expiresAt) {

    NewApiTokenRequest(String name, Integer expiresInDays) {
        this(name, expiresInDays, null);
    }

}
