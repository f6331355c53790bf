package io.iotdeploy.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins per user name and per client address, in memory: the gateway is the only door. Checked
 * before any password goes to auth-service, so that a refused attempt costs no PBKDF2 there. Bounded: each
 * key keeps at most its limit's worth of failure times, and only the most recently seen keys are kept.
 */
@Component
public class LoginAttempts {

    /** User names are at most 32 characters; a longer one is wrong anyway and is counted by its start. */
    private static final int KEY_MAX = 64;

    private final Failures users;

    private final Failures addresses;

    private final Clock clock;

    @Autowired
    LoginAttempts(GatewaySecurityProperties properties) {
        this(properties.login(), Clock.systemUTC());
    }

    LoginAttempts(GatewaySecurityProperties.Login limits, Clock clock) {
        this.users = new Failures(LoginRefusal.Limit.USER, limits.failuresPerUser(), limits.window(),
                limits.tracked());
        this.addresses = new Failures(LoginRefusal.Limit.ADDRESS, limits.failuresPerAddress(), limits.window(),
                limits.tracked());
        this.clock = clock;
    }

    /**
     * Why an attempt with this user name (or {@code null}: an API token) from this address is refused now;
     * empty when it may go ahead. When both limits hold, the one that lasts longer is given.
     */
    Optional<LoginRefusal> refusal(String username, String address) {
        Instant now = this.clock.instant();
        Optional<LoginRefusal> byAddress = this.addresses.refusal(key(address), null, now);
        Optional<LoginRefusal> byUser = (username != null) ? this.users.refusal(key(username), username, now)
                : Optional.empty();
        if (byAddress.isPresent() && byUser.isPresent()) {
            return byAddress.get().retryAt().isAfter(byUser.get().retryAt()) ? byAddress : byUser;
        }
        return byAddress.or(() -> byUser);
    }

    void failed(String username, String address) {
        Instant now = this.clock.instant();
        this.addresses.add(key(address), now);
        if (username != null) {
            this.users.add(key(username), now);
        }
    }

    /** A right password: the user's failures are forgiven (the address's are not). */
    void succeeded(String username) {
        this.users.clear(key(username));
    }

    /** Forgets every failure, e.g. after an administrator dealt with an attack. */
    public void clear() {
        this.users.clearAll();
        this.addresses.clearAll();
    }

    /** The client's address as the authentication's details recorded it. */
    static String addressOf(Authentication authentication) {
        return (authentication.getDetails() instanceof WebAuthenticationDetails details)
                ? details.getRemoteAddress() : null;
    }

    private static String key(String value) {
        if (value == null) {
            return "";
        }
        return (value.length() > KEY_MAX) ? value.substring(0, KEY_MAX) : value;
    }

    /** Failure times per key within the window, at most {@code limit} each, for at most {@code tracked} keys. */
    private static final class Failures {

        private final LoginRefusal.Limit kind;

        private final int limit;

        private final Duration window;

        private final Map<String, ArrayDeque<Instant>> failures;

        Failures(LoginRefusal.Limit kind, int limit, Duration window, int tracked) {
            this.kind = kind;
            this.limit = limit;
            this.window = window;
            this.failures = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Instant>> eldest) {
                    return size() > tracked;
                }
            };
        }

        synchronized Optional<LoginRefusal> refusal(String key, String username, Instant now) {
            ArrayDeque<Instant> times = current(key, now);
            if (times == null || times.size() < this.limit) {
                return Optional.empty();
            }
            return Optional.of(new LoginRefusal(this.kind, username, this.limit, this.window,
                    times.peekFirst().plus(this.window), now));
        }

        synchronized void add(String key, Instant now) {
            ArrayDeque<Instant> times = current(key, now);
            if (times == null) {
                times = new ArrayDeque<>();
                this.failures.put(key, times);
            }
            times.addLast(now);
            while (times.size() > this.limit) {
                times.removeFirst();
            }
        }

        synchronized void clear(String key) {
            this.failures.remove(key);
        }

        synchronized void clearAll() {
            this.failures.clear();
        }

        /** The key's failures still in the window, or null when there are none. */
        private ArrayDeque<Instant> current(String key, Instant now) {
            ArrayDeque<Instant> times = this.failures.get(key);
            if (times == null) {
                return null;
            }
            Instant start = now.minus(this.window);
            while (!times.isEmpty() && !times.peekFirst().isAfter(start)) {
                times.removeFirst();
            }
            if (times.isEmpty()) {
                this.failures.remove(key);
                return null;
            }
            return times;
        }

    }

}
