package io.iotdeploy.deployment.rollout;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The rollout of one deployment: its plan, and where it is. {@code running} works on phases {@code 0..phase};
 * {@code waiting} holds after a phase for a user's approval, {@code paused} for a user's pause; {@code finished}
 * reached every device; {@code rolled-back} stopped on failures and took every device it moved back;
 * {@code aborted} was stopped by a user and leaves every device as it is.
 */
@Entity
@Table(name = "rollout")
public class Rollout {

    public static final String RUNNING = "running";

    public static final String WAITING = "waiting";

    public static final String PAUSED = "paused";

    public static final String FINISHED = "finished";

    public static final String ROLLED_BACK = "rolled-back";

    public static final String ABORTED = "aborted";

    static final int REASON_MAX_LENGTH = 2000;

    @Id
    @Column(name = "deployment_id")
    private Long deploymentId;

    @Column(nullable = false, length = 12)
    private String strategy;

    @Column(nullable = false, length = 200)
    private String phases;

    @Column(name = "soak_millis", nullable = false)
    private long soakMillis;

    @Column(name = "phase_timeout_ms", nullable = false)
    private long phaseTimeoutMillis;

    @Column(nullable = false)
    private boolean approval;

    @Column(name = "first_threshold", nullable = false)
    private int firstThreshold;

    @Column(name = "later_threshold", nullable = false)
    private int laterThreshold;

    @Column(nullable = false, length = 12)
    private String status;

    @Column(nullable = false)
    private int phase;

    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "phase_started_at", nullable = false)
    private Instant phaseStartedAt;

    @Column(length = REASON_MAX_LENGTH)
    private String reason;

    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Rollout() {
    }

    Rollout(long deploymentId, RolloutPlan plan, Instant now) {
        this.deploymentId = deploymentId;
        this.strategy = plan.strategy();
        this.phases = plan.stored();
        this.soakMillis = plan.soak().toMillis();
        this.phaseTimeoutMillis = plan.phaseTimeout().toMillis();
        this.approval = plan.approval();
        this.firstThreshold = plan.firstThreshold();
        this.laterThreshold = plan.laterThreshold();
        this.status = RUNNING;
        this.phase = 0;
        this.phaseStartedAt = now;
        this.updatedAt = now;
    }

    public long deploymentId() {
        return this.deploymentId;
    }

    public RolloutPlan plan() {
        return new RolloutPlan(this.strategy, RolloutPlan.storedPhases(this.phases), Duration.ofMillis(this.soakMillis),
                Duration.ofMillis(this.phaseTimeoutMillis), this.approval, this.firstThreshold, this.laterThreshold);
    }

    public String status() {
        return this.status;
    }

    /** The phase being worked on (0 first); once finished, the last. */
    public int phase() {
        return this.phase;
    }

    public Instant phaseStartedAt() {
        return this.phaseStartedAt;
    }

    public String reason() {
        return this.reason;
    }

    public Instant updatedAt() {
        return this.updatedAt;
    }

    /** Still to be watched and moved on: running, or held (waiting, paused). */
    public boolean active() {
        return RUNNING.equals(this.status) || WAITING.equals(this.status) || PAUSED.equals(this.status);
    }

    /**
     * Whether a device of phase {@code devicePhase} ({@code null}: it joined later, it goes with the last phase) is
     * to run the deployment's release now. A rolled-back rollout has none: its devices go back.
     */
    public boolean admits(Integer devicePhase, int phases) {
        if (ROLLED_BACK.equals(this.status)) {
            return false;
        }
        if (FINISHED.equals(this.status)) {
            return true;
        }
        int phase = (devicePhase != null) ? devicePhase : phases - 1;
        return phase <= this.phase;
    }

    void next(Instant now) {
        this.phase++;
        this.status = RUNNING;
        this.phaseStartedAt = now;
        this.updatedAt = now;
    }

    void status(String status, String reason, Instant now) {
        this.status = status;
        if (reason != null) {
            this.reason = (reason.length() <= REASON_MAX_LENGTH) ? reason
                    : reason.substring(0, REASON_MAX_LENGTH - 1) + "…";
        }
        this.updatedAt = now;
    }

    /** A resume: the phase's soak and timeout start again from now. */
    void resume(Instant now) {
        this.status = RUNNING;
        this.phaseStartedAt = now;
        this.updatedAt = now;
    }

}
