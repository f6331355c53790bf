package io.iotdeploy.deployment.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/** The application lease on the schema Flyway made: two replicas, one clock the test moves. */
@DataJpaTest
@AutoConfigureTestDatabase(replace = Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class ApplicationLeaseTests {

    private static final Duration LEASE = Duration.ofMinutes(20);

    @Autowired
    private JdbcTemplate jdbc;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T12:00:00Z"));

    private long application;

    private ApplicationLease one;

    private ApplicationLease two;

    @BeforeEach
    void application() {
        String name = "lease-" + System.nanoTime();
        this.jdbc.update("INSERT INTO application (owner, name, created_at) VALUES (?, ?, ?)", "alice", name,
                OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC));
        this.application = this.jdbc.queryForObject("SELECT id FROM application WHERE name = ?", Long.class, name);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return ApplicationLeaseTests.this.now.get();
            }
        };
        this.one = new ApplicationLease(this.jdbc, clock);
        this.two = new ApplicationLease(this.jdbc, clock);
    }

    @Test
    void oneReplicaHoldsAnApplicationUntilItGivesItBack() {
        assertThat(this.one.holder()).isNotEqualTo(this.two.holder());
        assertThat(this.one.claim(this.application, LEASE)).isTrue();
        assertThat(this.two.claim(this.application, LEASE)).isFalse();
        assertThat(this.one.claim(this.application, LEASE)).as("its own claim again").isTrue();
        assertThat(this.two.renew(this.application, LEASE)).as("renewing what it does not hold").isFalse();
        this.one.release(this.application);
        assertThat(this.two.claim(this.application, LEASE)).isTrue();
        assertThat(this.one.claim(this.application, LEASE)).isFalse();
    }

    @Test
    void aLeaseThatExpiredIsTakenOverAndARenewedOneIsNot() {
        assertThat(this.one.claim(this.application, LEASE)).isTrue();
        this.now.set(this.now.get().plus(LEASE.minusMinutes(1)));
        assertThat(this.one.renew(this.application, LEASE)).isTrue();
        this.now.set(this.now.get().plus(LEASE.minusMinutes(1)));
        assertThat(this.two.claim(this.application, LEASE)).as("renewed: not expired yet").isFalse();
        this.now.set(this.now.get().plus(Duration.ofMinutes(2)));
        assertThat(this.two.claim(this.application, LEASE)).as("expired: a dead replica's").isTrue();
        assertThat(this.one.renew(this.application, LEASE)).as("the old holder lost it").isFalse();
        // giving back a lease it no longer holds leaves the new holder's alone
        this.one.release(this.application);
        assertThat(this.one.claim(this.application, LEASE)).isFalse();
    }

}
