package io.iotdeploy.web.security;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginAttemptsTests {

    private final MutableClock clock = new MutableClock();

    private final LoginAttempts attempts = new LoginAttempts(
            new GatewaySecurityProperties.Login(3, 5, Duration.ofMinutes(5), 100), this.clock);

    @Test
    void aUserIsLimitedAfterItsFailuresUntilTheOldestLeavesTheWindow() {
        Instant first = this.clock.instant();
        failAs("alice", "10.0.0.1", 3, Duration.ofSeconds(10));

        LoginRefusal refusal = this.attempts.refusal("alice", "10.0.0.9").orElseThrow();
        assertThat(refusal.limit()).isEqualTo(LoginRefusal.Limit.USER);
        assertThat(refusal.retryAt()).isEqualTo(first.plus(Duration.ofMinutes(5)));
        assertThat(refusal.retryAfterSeconds()).isEqualTo(300 - 20);
        assertThat(refusal.problem().getProperties()).containsEntry("limit", "user").containsEntry("retryAfter", 280L);

        this.clock.advance(Duration.ofMinutes(5).minusSeconds(20).minusMillis(1));
        assertThat(this.attempts.refusal("alice", "10.0.0.9")).isPresent();
        this.clock.advance(Duration.ofMillis(1));
        assertThat(this.attempts.refusal("alice", "10.0.0.9")).isEmpty();
        // the two later failures still count: one more is the limit again
        this.attempts.failed("alice", "10.0.0.9");
        assertThat(this.attempts.refusal("alice", "10.0.0.9")).isPresent();
    }

    @Test
    void anAddressIsLimitedWhateverTheNamesAndOtherAddressesAreNot() {
        for (int i = 0; i < 5; i++) {
            this.attempts.failed("user" + i, "10.0.0.1");
        }
        assertThat(this.attempts.refusal("bob", "10.0.0.1")).get()
            .extracting(LoginRefusal::limit).isEqualTo(LoginRefusal.Limit.ADDRESS);
        // an API token has no user name: only the address counts
        assertThat(this.attempts.refusal(null, "10.0.0.1")).isPresent();
        assertThat(this.attempts.refusal("bob", "10.0.0.2")).isEmpty();
        assertThat(this.attempts.refusal(null, "10.0.0.2")).isEmpty();
    }

    @Test
    void aSuccessForgivesTheUserButNotTheAddress() {
        failAs("alice", "10.0.0.1", 3, Duration.ZERO);
        this.attempts.failed(null, "10.0.0.1");
        this.attempts.succeeded("alice");
        assertThat(this.attempts.refusal("alice", "10.0.0.2")).isEmpty();
        this.attempts.failed(null, "10.0.0.1");
        assertThat(this.attempts.refusal("alice", "10.0.0.1")).get()
            .extracting(LoginRefusal::limit).isEqualTo(LoginRefusal.Limit.ADDRESS);
    }

    @Test
    void whenBothLimitsHoldTheLongerIsGiven() {
        failAs("alice", "10.0.0.1", 3, Duration.ofSeconds(1));
        this.clock.advance(Duration.ofMinutes(1));
        // five more from the address: its oldest counted failure is now a minute later than alice's
        for (int i = 0; i < 5; i++) {
            this.attempts.failed("user" + i, "10.0.0.1");
        }
        LoginRefusal refusal = this.attempts.refusal("alice", "10.0.0.1").orElseThrow();
        assertThat(refusal.limit()).isEqualTo(LoginRefusal.Limit.ADDRESS);
        assertThat(refusal.detail()).startsWith("Too many failed sign-ins from your address (5 within 5 minutes)");

        failAs("carol", "10.0.0.2", 3, Duration.ZERO);
        this.attempts.failed("dave", "10.0.0.2");
        this.attempts.failed("erin", "10.0.0.2");
        this.clock.advance(Duration.ofMinutes(1));
        failAs("carol", "10.0.0.3", 3, Duration.ZERO);
        assertThat(this.attempts.refusal("carol", "10.0.0.2").orElseThrow().limit())
            .isEqualTo(LoginRefusal.Limit.USER);
    }

    @Test
    void onlyTheMostRecentlySeenNamesAndAddressesAreKept() {
        failAs("alice", "10.0.0.1", 3, Duration.ZERO);
        // 100 others, once each, from 100 addresses: alice and 10.0.0.1 are the least recently seen
        for (int i = 0; i < 100; i++) {
            this.attempts.failed("user" + i, "10.1.0." + i);
        }
        assertThat(this.attempts.refusal("alice", "10.0.0.1")).isEmpty();
        this.attempts.failed("user99", "10.1.0.99");
        this.attempts.failed("user99", "10.1.0.99");
        assertThat(this.attempts.refusal("user99", "10.2.0.1")).isPresent();
    }

    @Test
    void aVeryLongNameIsCountedByItsStart() {
        String name = "x".repeat(10_000);
        failAs(name, "10.0.0.1", 3, Duration.ZERO);
        assertThat(this.attempts.refusal(name.substring(0, 64) + "y", "10.0.0.2")).isPresent();
    }

    private void failAs(String username, String address, int times, Duration between) {
        for (int i = 0; i < times; i++) {
            if (i > 0) {
                this.clock.advance(between);
            }
            this.attempts.failed(username, address);
        }
    }

}
