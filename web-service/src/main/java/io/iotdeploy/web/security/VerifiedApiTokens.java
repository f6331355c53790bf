package io.iotdeploy.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * API tokens that auth-service accepted a few seconds ago, so that a pipeline's burst of requests is one check.
 * Kept by SHA-256, never the token; never longer than the token lives; failures are never remembered. Revoking
 * a token through the gateway forgets them all at once.
 */
@Component
public class VerifiedApiTokens {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private final Duration lifetime;

    private final Clock clock;

    @Autowired
    VerifiedApiTokens(GatewaySecurityProperties properties) {
        this(properties.apiTokenCache(), Clock.systemUTC());
    }

    VerifiedApiTokens(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    Optional<GatewayUser> find(String token) {
        Entry entry = this.entries.get(key(token));
        if (entry == null || !entry.validAt(this.clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(entry.user());
    }

    void remember(String token, GatewayUser user, Instant tokenExpiresAt) {
        if (this.lifetime.isZero() || this.lifetime.isNegative()) {
            return;
        }
        Instant now = this.clock.instant();
        this.entries.values().removeIf((entry) -> !entry.validAt(now));
        Instant until = now.plus(this.lifetime);
        if (tokenExpiresAt != null && tokenExpiresAt.isBefore(until)) {
            until = tokenExpiresAt;
        }
        this.entries.put(key(token), new Entry(user, until));
    }

    /** Forgets every remembered token, e.g. after one was revoked: the next request of each is checked again. */
    public void forgetAll() {
        this.entries.clear();
    }

    private static String key(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
    }

    private record Entry(GatewayUser user, Instant expires) {

        boolean validAt(Instant now) {
            return now.isBefore(this.expires);
        }

    }

}
