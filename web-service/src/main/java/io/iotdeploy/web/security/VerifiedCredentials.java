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

import io.iotdeploy.web.system.WebServiceProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * HTTP Basic credentials that auth-service accepted a short while ago. A pipeline sends its credentials with
 * every request, and each verification costs auth-service about half a second of PBKDF2; remembering a success
 * for a few minutes makes that once. Only a SHA-256 of the credentials is kept, never the password, and
 * failures are never remembered.
 */
@Component
public class VerifiedCredentials {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private final Duration lifetime;

    private final Clock clock;

    @Autowired
    VerifiedCredentials(WebServiceProperties properties) {
        this(properties.credentialCache(), Clock.systemUTC());
    }

    VerifiedCredentials(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    Optional<GatewayUser> find(String username, String password) {
        Entry entry = this.entries.get(key(username, password));
        if (entry == null || !entry.validAt(this.clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(entry.user());
    }

    void remember(String username, String password, GatewayUser user) {
        Instant now = this.clock.instant();
        this.entries.values().removeIf((entry) -> !entry.validAt(now));
        this.entries.put(key(username, password), new Entry(user, now.plus(this.lifetime)));
    }

    /** Forgets every remembered password of the user, e.g. after the user changed it. */
    public void forget(String username) {
        this.entries.values().removeIf((entry) -> entry.user().name().equals(username));
    }

    private static String key(String username, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] credentials = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(sha256.digest(credentials));
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
