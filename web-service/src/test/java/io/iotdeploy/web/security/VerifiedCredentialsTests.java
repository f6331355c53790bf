package io.iotdeploy.web.security;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedCredentialsTests {

    private final MutableClock clock = new MutableClock();

    private final VerifiedCredentials verified = new VerifiedCredentials(Duration.ofMinutes(5), this.clock);

    private final GatewayUser alice = new GatewayUser("alice", false);

    @Test
    void aVerifiedPasswordIsRememberedForItsLifetime() {
        this.verified.remember("alice", "alice-password-1", this.alice);
        this.clock.advance(Duration.ofMinutes(4));
        assertThat(this.verified.find("alice", "alice-password-1")).contains(this.alice);
        this.clock.advance(Duration.ofMinutes(1));
        assertThat(this.verified.find("alice", "alice-password-1")).isEmpty();
    }

    @Test
    void anotherPasswordIsNotTheRememberedOne() {
        this.verified.remember("alice", "alice-password-1", this.alice);
        assertThat(this.verified.find("alice", "alice-password-2")).isEmpty();
        assertThat(this.verified.find("alice:alice", "password-1")).isEmpty();
    }

    @Test
    void forgettingAUserForgetsAllOfItsPasswords() {
        this.verified.remember("alice", "alice-password-1", this.alice);
        this.verified.remember("alice", "alice-password-2", this.alice);
        this.verified.remember("bob", "bob-password-1", new GatewayUser("bob", false));
        this.verified.forget("alice");
        assertThat(this.verified.find("alice", "alice-password-1")).isEmpty();
        assertThat(this.verified.find("alice", "alice-password-2")).isEmpty();
        assertThat(this.verified.find("bob", "bob-password-1")).isPresent();
    }

}
