package io.iotdeploy.web.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle's rule, on a clock the tests move: the production delays, 5 free failures per address. */
class LoginThrottleTests {

    private static final String HOME = "192.0.2.10";

    private final MutableClock clock = new MutableClock();

    private final LoginThrottle throttle = new LoginThrottle(new GatewaySecurityProperties.Login(Duration.ofSeconds(1),
            Duration.ofSeconds(30), 2, 5, 3, Duration.ofDays(30), Duration.ofMinutes(15), 100), this.clock);

    @Test
    void delaysStartAfterTheFreeFailuresAndDoubleFromOneSecondUpToThirty() {
        assertThat(this.throttle.delay(1)).hasSeconds(1);
        assertThat(this.throttle.delay(2)).hasSeconds(2);
        assertThat(this.throttle.delay(5)).hasSeconds(16);
        assertThat(this.throttle.delay(6)).hasSeconds(30);
        assertThat(this.throttle.delay(Integer.MAX_VALUE)).hasSeconds(30);

        fail("alice", "10.0.0.1", 2);
        assertThat(this.throttle.admit("alice", "10.0.0.1")).as("two typos are free").isEmpty();
        long[] delays = { 1, 2, 4, 8, 16, 30, 30 };
        for (long seconds : delays) {
            this.throttle.failed("alice", "10.0.0.1");
            Instant failedAt = this.clock.instant();
            LoginRefusal refusal = this.throttle.admit("alice", "10.0.0.1").orElseThrow();
            assertThat(refusal.limit()).isEqualTo(LoginRefusal.Limit.USER_AND_ADDRESS);
            assertThat(refusal.retryAt()).isEqualTo(failedAt.plusSeconds(seconds));
            assertThat(refusal.retryAfterSeconds()).isEqualTo(seconds);
            this.clock.advance(Duration.ofSeconds(seconds).minusMillis(1));
            assertThat(this.throttle.admit("alice", "10.0.0.1")).isPresent();
            this.clock.advance(Duration.ofMillis(1));
            assertThat(this.throttle.admit("alice", "10.0.0.1")).as("after %d s", seconds).isEmpty();
        }
    }

    @Test
    void theAttemptLetThroughReservesTheNextOpeningSoThatParallelOnesWait() {
        fail("alice", "10.0.0.1", 4);
        this.clock.advance(Duration.ofSeconds(2));
        assertThat(this.throttle.admit("alice", "10.0.0.1")).isEmpty();
        // a second attempt sent at the same moment, before the first is answered
        LoginRefusal parallel = this.throttle.admit("alice", "10.0.0.1").orElseThrow();
        assertThat(parallel.retryAfterSeconds()).isEqualTo(2);
        // the first one fails: the next delay counts from its failure
        this.clock.advance(Duration.ofMillis(300));
        this.throttle.failed("alice", "10.0.0.1");
        assertThat(this.throttle.admit("alice", "10.0.0.1").orElseThrow().retryAt())
            .isEqualTo(this.clock.instant().plusSeconds(4));
    }

    @Test
    void aGuesserSlowsOnlyItselfNotTheUserElsewhereNorOthersAtItsAddress() {
        for (int i = 0; i < 4; i++) {
            this.throttle.failed("alice", "10.0.0.1");
            this.clock.advance(Duration.ofSeconds(30));
        }
        this.throttle.failed("alice", "10.0.0.1");
        assertThat(this.throttle.admit("alice", "10.0.0.1")).isPresent();
        assertThat(this.throttle.admit("alice", "10.0.0.2")).as("the user at a new address").isEmpty();
        assertThat(this.throttle.admit("bob", "10.0.0.1")).as("another user at the guessing address").isEmpty();
        assertThat(this.throttle.admit(null, "10.0.0.1")).as("an API token from the guessing address").isEmpty();
    }

    @Test
    void aRightPasswordForgivesTheUsersFailuresAtItsAddressButNotTheAddresss() {
        fail("alice", "10.0.0.1", 3);
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(this.throttle.admit("alice", "10.0.0.1")).isEmpty();
        this.throttle.succeeded("alice", "10.0.0.1");
        assertThat(this.throttle.admit("alice", "10.0.0.1")).isEmpty();
        fail("alice", "10.0.0.1", 2);
        assertThat(this.throttle.admit("alice", "10.0.0.1")).as("free again after a success").isEmpty();

        // five failures from the address so far: the sixth starts its delay, and a success there forgives none
        this.throttle.failed("bob", "10.0.0.1");
        this.throttle.succeeded("alice", "10.0.0.1");
        assertThat(this.throttle.admit("carol", "10.0.0.1")).get()
            .extracting(LoginRefusal::limit).isEqualTo(LoginRefusal.Limit.ADDRESS);
    }

    @Test
    void theAddressesDelayDoesNotHoldForUsersWhoSignedInThere() {
        this.throttle.succeeded("alice", "10.0.0.1");
        for (int i = 0; i < 6; i++) {
            this.throttle.failed("user" + i, "10.0.0.1");
        }
        assertThat(this.throttle.admit("carol", "10.0.0.1")).get()
            .extracting(LoginRefusal::limit).isEqualTo(LoginRefusal.Limit.ADDRESS);
        assertThat(this.throttle.admit(null, "10.0.0.1")).as("an API token").isPresent();
        assertThat(this.throttle.admit("alice", "10.0.0.1")).as("a colleague who signs in there").isEmpty();
        // but her own failures there slow her down as anyone's
        fail("alice", "10.0.0.1", 3);
        assertThat(this.throttle.admit("alice", "10.0.0.1")).get()
            .extracting(LoginRefusal::limit).isEqualTo(LoginRefusal.Limit.USER_AND_ADDRESS);
    }

    @Test
    void anAddressIsSlowedAfterItsFreeFailuresWhateverTheUserNamesAndForApiTokens() {
        for (int i = 0; i < 5; i++) {
            this.throttle.failed("user" + i, "10.0.0.1");
        }
        assertThat(this.throttle.admit("carol", "10.0.0.1")).isEmpty();
        this.throttle.failed(null, "10.0.0.1");
        LoginRefusal refusal = this.throttle.admit("carol", "10.0.0.1").orElseThrow();
        assertThat(refusal.limit()).isEqualTo(LoginRefusal.Limit.ADDRESS);
        assertThat(refusal.failures()).isEqualTo(6);
        assertThat(refusal.retryAfterSeconds()).isEqualTo(1);
        assertThat(this.throttle.admit(null, "10.0.0.1")).get()
            .extracting(LoginRefusal::limit).isEqualTo(LoginRefusal.Limit.ADDRESS);
        assertThat(this.throttle.admit("carol", "10.0.0.2")).isEmpty();
        assertThat(this.throttle.admit(null, "10.0.0.2")).isEmpty();
    }

    @Test
    void refusedApiTokensCountForTheAddressOnly() {
        for (int i = 0; i < 6; i++) {
            this.throttle.failed(null, "10.0.0.1");
        }
        assertThat(this.throttle.admit(null, "10.0.0.1")).isPresent();
        assertThat(this.throttle.admit("alice", "10.0.0.2")).isEmpty();
    }

    @Test
    void manyAddressesGuessingOneUserAreSlowedTogetherButNotWhereTheUserSignedIn() {
        this.throttle.succeeded("alice", HOME);
        this.throttle.failed("alice", "10.0.0.1");
        this.throttle.failed("alice", "10.0.0.2");
        assertThat(this.throttle.admit("alice", "10.0.0.9")).as("two addresses are not yet guessing").isEmpty();

        this.throttle.failed("alice", "10.0.0.3");
        LoginRefusal refusal = this.throttle.admit("alice", "10.0.0.9").orElseThrow();
        assertThat(refusal.limit()).isEqualTo(LoginRefusal.Limit.USER);
        assertThat(refusal.retryAfterSeconds()).isEqualTo(1);
        assertThat(refusal.detail()).contains("sign-ins as 'alice' are failing from several addresses")
            .contains("Where 'alice' signed in before, the right password is not slowed.");
        assertThat(this.throttle.admit("alice", HOME)).as("where alice signs in").isEmpty();
        assertThat(this.throttle.admit("bob", "10.0.0.9")).as("another user").isEmpty();

        // once the delay is over, one attempt from an unknown address goes ahead, and the others wait for it
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(this.throttle.admit("alice", "10.0.0.4")).isEmpty();
        assertThat(this.throttle.admit("alice", "10.0.0.5")).get()
            .extracting(LoginRefusal::limit).isEqualTo(LoginRefusal.Limit.USER);
        this.throttle.failed("alice", "10.0.0.4");
        assertThat(this.throttle.admit("alice", "10.0.0.5").orElseThrow().retryAfterSeconds()).isEqualTo(2);
        assertThat(this.throttle.admit("alice", HOME)).isEmpty();

        // a right password at a new address makes it known: it is not slowed by the user's delay any more
        this.clock.advance(Duration.ofSeconds(2));
        assertThat(this.throttle.admit("alice", "10.0.0.5")).isEmpty();
        this.throttle.succeeded("alice", "10.0.0.5");
        assertThat(this.throttle.admit("alice", "10.0.0.5")).isEmpty();
        assertThat(this.throttle.admit("alice", "10.0.0.6")).isPresent();
    }

    @Test
    void anAddressIsKnownForThirtyDaysAfterTheUsersLastSignInThere() {
        this.throttle.succeeded("alice", HOME);
        this.clock.advance(Duration.ofDays(30));
        fail("alice", "10.0.0.1", 1);
        fail("alice", "10.0.0.2", 1);
        fail("alice", "10.0.0.3", 1);
        assertThat(this.throttle.admit("alice", HOME)).get()
            .extracting(LoginRefusal::limit).isEqualTo(LoginRefusal.Limit.USER);
    }

    @Test
    void failuresAreForgottenAQuarterOfAnHourAfterTheLastOne() {
        fail("alice", "10.0.0.1", 3);
        this.clock.advance(Duration.ofMinutes(15).minusMillis(1));
        this.throttle.failed("alice", "10.0.0.1");
        assertThat(this.throttle.admit("alice", "10.0.0.1").orElseThrow().retryAfterSeconds())
            .as("the fourth failure").isEqualTo(2);
        this.clock.advance(Duration.ofMinutes(15));
        // the count starts again: two failures are free once more
        fail("alice", "10.0.0.1", 2);
        assertThat(this.throttle.admit("alice", "10.0.0.1")).isEmpty();

        fail("bob", "10.0.0.1", 1);
        fail("bob", "10.0.0.2", 1);
        fail("bob", "10.0.0.3", 1);
        assertThat(this.throttle.admit("bob", "10.0.0.9")).isPresent();
        this.clock.advance(Duration.ofMinutes(15));
        assertThat(this.throttle.admit("bob", "10.0.0.9")).isEmpty();
        fail("bob", "10.0.0.4", 1);
        assertThat(this.throttle.admit("bob", "10.0.0.9")).as("one address guessing anew").isEmpty();
    }

    @Test
    void whenSeveralDelaysHoldTheOneThatLastsLongestIsGiven() {
        // alice's delay at 10.0.0.1 reaches 4 s; the address's own starts at 1 s with its sixth failure
        fail("alice", "10.0.0.1", 5);
        this.throttle.failed("bob", "10.0.0.1");
        assertThat(this.throttle.admit("alice", "10.0.0.1").orElseThrow().limit())
            .isEqualTo(LoginRefusal.Limit.USER_AND_ADDRESS);
        assertThat(this.throttle.admit("carol", "10.0.0.1").orElseThrow().limit())
            .isEqualTo(LoginRefusal.Limit.ADDRESS);
    }

    @Test
    void theProblemSaysWhichDelayHoldsAndWhenToTryAgain() {
        fail("alice", "10.0.0.1", 3);
        LoginRefusal refusal = this.throttle.admit("alice", "10.0.0.1").orElseThrow();
        assertThat(refusal.problem().getStatus()).isEqualTo(429);
        assertThat(refusal.problem().getTitle()).isEqualTo("Too many failed sign-ins");
        assertThat(refusal.problem().getProperties()).containsEntry("limit", "user-and-address")
            .containsEntry("failures", 3)
            .containsEntry("retryAfter", 1L)
            .containsEntry("retryAt", this.clock.instant().plusSeconds(1).toString());
        assertThat(refusal.detail()).isEqualTo("Slowed down after 3 failed sign-ins as 'alice' from your address: "
                + "try again in 1 s, at " + this.clock.instant().plusSeconds(1) + ".");
        assertThat(refusal.toErrorResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
    }

    @Test
    void onlyTheMostRecentlySeenAreRemembered() {
        fail("alice", "10.0.0.1", 3);
        // 100 others, once each, from 100 addresses: alice and 10.0.0.1 are the least recently seen
        for (int i = 0; i < 100; i++) {
            this.throttle.failed("user" + i, "10.1.0." + i);
        }
        assertThat(this.throttle.admit("alice", "10.0.0.1")).isEmpty();
        fail("user99", "10.1.0.99", 2);
        assertThat(this.throttle.admit("user99", "10.1.0.99")).isPresent();
    }

    @Test
    void aVeryLongNameIsCountedByItsStart() {
        String name = "x".repeat(10_000);
        fail(name, "10.0.0.1", 3);
        Optional<LoginRefusal> refusal = this.throttle.admit(name.substring(0, 64) + "y", "10.0.0.1");
        assertThat(refusal).isPresent();
        assertThat(refusal.get().detail()).hasSizeLessThan(300);
    }

    private void fail(String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            this.throttle.failed(username, address);
        }
    }

}
