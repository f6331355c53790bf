package io.iotdeploy.auth.token;

import java.time.Instant;

/** A row of {@code api_tokens} with its owner: stays inside this service. */
record StoredApiToken(long id, String username, boolean admin, String name, String prefix, byte[] hash,
        Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {

    boolean expiredAt(Instant now) {
        return this.expiresAt != null && !now.isBefore(this.expiresAt);
    }

    ApiToken view(Instant now) {
        return new ApiToken(this.id, this.username, this.name, this.prefix, this.createdAt, this.expiresAt,
                this.lastUsedAt, expiredAt(now));
    }

    /** How the token is named in messages: its name and prefix, never more of it. */
    String describe() {
        return "'" + this.name + "' (" + this.prefix + "…)";
    }

    @Override
    public String toString() {
        return "StoredApiToken[id=" + this.id + ", username=" + this.username + ", name=" + this.name + ", prefix="
                + this.prefix + "]";
    }

}
