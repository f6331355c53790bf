package io.iotdeploy.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins slow down further attempts; they never lock anyone out. Asked before any password or API token
 * goes to auth-service, so a refused attempt costs no PBKDF2 there; in memory, since the gateway is the only door.
 * The client's address is the connection's ({@link ClientAddress}).
 * <p>
 * <b>The rule.</b> Three delays, each starting after some free failures, then {@code first-delay} (1 s) after the
 * next failure and doubling with each further one up to {@code max-delay} (30 s). An attempt inside a delay that
 * applies to it is refused with 429 and {@code Retry-After}, unchecked; a refused attempt is no failure.
 * <ol>
 * <li><b>User name and address</b>: the failures of one user name from one address, after 2 free ones. A right
 * password there clears them. This is what slows a guesser down, and it is the guesser's alone: the same user at
 * another address is not touched by it.</li>
 * <li><b>Address</b>: the failures from one address, whatever the user name, and its refused API tokens, after 20
 * free ones. It holds for API tokens and for every user name except those that signed in from this address within
 * 30 days (their own failures there are the first delay's business), so a guesser behind a shared address does not
 * shut out the colleagues who use it. A right password forgives none of these failures, else a guesser would sign
 * in as themselves between guesses.</li>
 * <li><b>User name, at unknown addresses</b>: once one user name has failed from 3 different addresses, its
 * failures from then on (from anywhere) grow a delay that holds for attempts as that user from every address
 * where the user has not signed in within 30 days. Known addresses never wait for it, so many addresses guessing
 * one password are slowed together while the user goes on signing in where they usually do.</li>
 * </ol>
 * While a delay of the first or third kind has begun, the attempt it lets through reserves the next delay at once,
 * so that parallel attempts cannot all slip through the same opening: one attempt per delay. So the right password
 * works at once from any address where that user name has not failed itself, with two exceptions for an address
 * where the user has not signed in lately: one that is slowed for its own 20 failures, and any while several
 * addresses are guessing the user's password; there it waits its turn, 30 s at most.
 * <p>
 * Failures are forgotten 15 minutes after the last one, an address stops being known 30 days after the user's last
 * sign-in there, and memory is bounded: at most {@code tracked} entries of each kind, the least recently seen
 * forgotten first. An address becomes known only by a right password, so guessers cannot push the user's own
 * addresses out of that memory. The numbers are the defaults of {@code web-service.security.login.*}.
 */
@Component
public class LoginThrottle {

    /** User names are at most 32 characters; a longer one is wrong anyway and is counted by its start. */
    private static final int KEY_MAX = 64;

    private final GatewaySecurityProperties.Login limits;

    private final Clock clock;

    /** Failures of a user name from an address. */
    private final Map<Pair, Failures> pairs;

    /** Failures from an address, any user name or API token. */
    private final Map<String, Failures> addresses;

    /** Failures of a user name, from the first {@code guessingAddresses} addresses that failed with it on. */
    private final Map<String, Guessed> users;

    /** Where each user signed in last, and when. */
    private final Map<Pair, Instant> known;

    @Autowired
    LoginThrottle(GatewaySecurityProperties properties) {
        this(properties.login(), Clock.systemUTC());
    }

    LoginThrottle(GatewaySecurityProperties.Login limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.pairs = bounded(limits.tracked());
        this.addresses = bounded(limits.tracked());
        this.users = bounded(limits.tracked());
        this.known = bounded(limits.tracked());
    }

    /**
     * Why an attempt with this user name (or {@code null}: an API token) from this address is refused now, or
     * empty: it may go ahead, and then the delays it passed are reserved for it. When several delays hold, the
     * one that lasts longest is given.
     */
    synchronized Optional<LoginRefusal> admit(String username, String address) {
        Instant now = this.clock.instant();
        String from = key(address);
        String user = (username != null) ? key(username) : null;
        boolean knownHere = user != null && isKnown(new Pair(user, from), now);
        List<LoginRefusal> refusals = new ArrayList<>();
        Failures byAddress = current(this.addresses, from, now);
        if (byAddress != null && !knownHere && now.isBefore(byAddress.notBefore)) {
            refusals.add(refusal(LoginRefusal.Limit.ADDRESS, null, byAddress.failures, byAddress.notBefore, now));
        }
        Failures byPair = null;
        Guessed byUser = null;
        if (user != null) {
            byPair = current(this.pairs, new Pair(user, from), now);
            if (byPair != null && now.isBefore(byPair.notBefore)) {
                refusals.add(refusal(LoginRefusal.Limit.USER_AND_ADDRESS, user, byPair.failures, byPair.notBefore,
                        now));
            }
            byUser = current(this.users, user, now);
            if (byUser != null && (knownHere || !byUser.guessed(this.limits.guessingAddresses()))) {
                byUser = null;
            }
            if (byUser != null && now.isBefore(byUser.notBefore)) {
                refusals.add(refusal(LoginRefusal.Limit.USER, user, byUser.failures, byUser.notBefore, now));
            }
        }
        if (!refusals.isEmpty()) {
            return refusals.stream().max(Comparator.comparing(LoginRefusal::retryAt));
        }
        if (byPair != null && byPair.failures > this.limits.freeFailuresPerUserAndAddress()) {
            byPair.notBefore = now.plus(delay(byPair.failures - this.limits.freeFailuresPerUserAndAddress()));
        }
        if (byUser != null && byUser.failures > 0) {
            byUser.notBefore = now.plus(delay(byUser.failures));
        }
        return Optional.empty();
    }

    /** A wrong password for this user name (or a refused API token: {@code null}) from this address. */
    synchronized void failed(String username, String address) {
        Instant now = this.clock.instant();
        String from = key(address);
        current(this.addresses, from, now);
        this.addresses.computeIfAbsent(from, (key) -> new Failures())
            .failed(now, this.limits.freeFailuresPerAddress(), this);
        if (username == null) {
            return;
        }
        String user = key(username);
        Pair pair = new Pair(user, from);
        current(this.pairs, pair, now);
        this.pairs.computeIfAbsent(pair, (key) -> new Failures())
            .failed(now, this.limits.freeFailuresPerUserAndAddress(), this);
        current(this.users, user, now);
        this.users.computeIfAbsent(user, (key) -> new Guessed())
            .failedFrom(from, now, this.limits.guessingAddresses(), this);
    }

    /**
     * A right password for this user from this address: the user's failures there are forgiven, and the address is
     * known for the user from now on. Neither the address's failures nor the user's from elsewhere are forgiven.
     */
    synchronized void succeeded(String username, String address) {
        Pair pair = new Pair(key(username), key(address));
        this.pairs.remove(pair);
        this.known.put(pair, this.clock.instant());
    }

    /** Forgets every failure and every known address, e.g. after an administrator dealt with an attack. */
    public synchronized void clear() {
        this.pairs.clear();
        this.addresses.clear();
        this.users.clear();
        this.known.clear();
    }

    /** The client's address as the authentication's details recorded it ({@link ClientAddress}). */
    static String addressOf(Authentication authentication) {
        return (authentication.getDetails() instanceof WebAuthenticationDetails details)
                ? details.getRemoteAddress() : null;
    }

    /** The delay after the {@code n}th failure that is not free: first-delay doubled n - 1 times, at most max-delay. */
    Duration delay(int n) {
        Duration delay = this.limits.firstDelay();
        for (int i = 1; i < n && delay.compareTo(this.limits.maxDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return (delay.compareTo(this.limits.maxDelay()) > 0) ? this.limits.maxDelay() : delay;
    }

    private boolean isKnown(Pair pair, Instant now) {
        Instant signedIn = this.known.get(pair);
        if (signedIn != null && !now.isBefore(signedIn.plus(this.limits.knownAddressFor()))) {
            this.known.remove(pair);
            return false;
        }
        return signedIn != null;
    }

    /** The key's entry, or null when there is none or it is to be forgotten (then it is). */
    private <K, V extends Expiring> V current(Map<K, V> entries, K key, Instant now) {
        V entry = entries.get(key);
        if (entry != null && entry.forgottenAt(this.limits.forgetAfter(), now)) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    private static LoginRefusal refusal(LoginRefusal.Limit limit, String username, int failures, Instant retryAt,
            Instant now) {
        return new LoginRefusal(limit, username, failures, retryAt, now);
    }

    private static String key(String value) {
        if (value == null) {
            return "";
        }
        return (value.length() > KEY_MAX) ? value.substring(0, KEY_MAX) : value;
    }

    /** Keeps at most {@code tracked} entries, the most recently used. */
    private static <K, V> Map<K, V> bounded(int tracked) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > tracked;
            }
        };
    }

    private record Pair(String user, String address) {
    }

    /** An entry that is forgotten some time after its last failure, once no delay of it holds any longer. */
    private abstract static class Expiring {

        Instant lastFailure = Instant.MIN;

        Instant notBefore = Instant.MIN;

        boolean forgottenAt(Duration forgetAfter, Instant now) {
            return !now.isBefore(this.lastFailure.plus(forgetAfter)) && !now.isBefore(this.notBefore);
        }

    }

    /** The failures of a user name at an address, or of an address. */
    private static final class Failures extends Expiring {

        int failures;

        void failed(Instant now, int free, LoginThrottle throttle) {
            this.failures++;
            this.lastFailure = now;
            if (this.failures > free) {
                Instant end = now.plus(throttle.delay(this.failures - free));
                this.notBefore = end.isAfter(this.notBefore) ? end : this.notBefore;
            }
        }

    }

    /** A user name's failures: from which addresses, and how many since enough addresses failed with it. */
    private static final class Guessed extends Expiring {

        /** The first addresses that failed with the user name, as many as it takes to count as guessed. */
        final Set<String> addresses = new LinkedHashSet<>();

        int failures;

        boolean guessed(int guessingAddresses) {
            return this.addresses.size() >= guessingAddresses;
        }

        void failedFrom(String address, Instant now, int guessingAddresses, LoginThrottle throttle) {
            this.lastFailure = now;
            if (!guessed(guessingAddresses)) {
                this.addresses.add(address);
            }
            if (guessed(guessingAddresses)) {
                this.failures++;
                Instant end = now.plus(throttle.delay(this.failures));
                this.notBefore = end.isAfter(this.notBefore) ? end : this.notBefore;
            }
        }

    }

}
