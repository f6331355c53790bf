package io.iotdeploy.auth.token;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An API token as its owner sees it in the list: never the secret, which is shown once at creation.
 *
 * @param id         the token's number, for revoking it
 * @param username   whose token it is
 * @param name       what the owner called it, e.g. the pipeline that uses it
 * @param prefix     the token's first characters ({@code iotd_} and eight more): tells tokens apart, far too few
 *                   to use one
 * @param createdAt  when it was made
 * @param expiresAt  when it stops working; {@code null} for never
 * @param lastUsedAt when it was last used, to the minute; {@code null} for never
 * @param expired    whether it has expired already
 */
record ApiToken(long id, String username, String name,
        @Schema(description = "iotd_ and eight more characters: tells tokens apart, far too few to use one")
        String prefix, Instant createdAt, @Schema(description = "null for never") Instant expiresAt,
        @Schema(description = "to the minute; null for never") Instant lastUsedAt, boolean expired) {
}
