package io.iotdeploy.deployment.reconcile;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A replica's claim on an application, so that two replicas never drive one application's devices at once: taken
 * by a conditional {@code UPDATE} (free, expired, or already this replica's), renewed while the work goes on, given
 * back at its end. A replica that dies loses its claims when they expire.
 */
@Component
class ApplicationLease {

    /** This replica: its process and a random part, so that a restarted process is another holder. */
    private final String holder = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    private final JdbcTemplate jdbc;

    private final Clock clock;

    ApplicationLease(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    String holder() {
        return this.holder;
    }

    /** @return whether this replica holds the application's lease now, for {@code duration} */
    boolean claim(long applicationId, Duration duration) {
        OffsetDateTime now = now();
        return this.jdbc.update("UPDATE application SET lease_holder = ?, lease_until = ? WHERE id = ? AND "
                + "(lease_holder IS NULL OR lease_until IS NULL OR lease_until < ? OR lease_holder = ?)", this.holder,
                now.plus(duration), applicationId, now, this.holder) == 1;
    }

    /** @return whether it was still this replica's */
    boolean renew(long applicationId, Duration duration) {
        return this.jdbc.update("UPDATE application SET lease_until = ? WHERE id = ? AND lease_holder = ?",
                now().plus(duration), applicationId, this.holder) == 1;
    }

    void release(long applicationId) {
        this.jdbc.update("UPDATE application SET lease_holder = NULL, lease_until = NULL WHERE id = ? AND "
                + "lease_holder = ?", applicationId, this.holder);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
    }

}
