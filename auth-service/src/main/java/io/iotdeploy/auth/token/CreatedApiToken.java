package io.iotdeploy.auth.token;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to creating a token: the only time its secret {@code token} is ever shown.
 *
 * @param token the secret, {@code iotd_} and 43 base64url characters; send it as {@code Authorization: Bearer}
 */
record CreatedApiToken(long id, String username, String name, String prefix, Instant createdAt,
        @Schema(description = "null for never") Instant expiresAt,
        @Schema(description = "the secret, shown in this answer only: send it as Authorization: Bearer") String token) {

    @Override
    public String toString() {
        return "CreatedApiToken[id=" + this.id + ", username=" + this.username + ", name=" + this.name + ", prefix="
                + this.prefix + "]";
    }

}
