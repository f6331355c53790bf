package io.iotdeploy.deployment.rollout;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One thing a rollout did or saw, kept for its timeline: started, phase-started, phase-done, waiting, paused,
 * resumed, device-failed, failed, rolled-back, finished, aborted.
 */
@Entity
@Table(name = "rollout_event")
public class RolloutEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "deployment_id", nullable = false)
    private long deploymentId;

    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "happened_at", nullable = false)
    private Instant at;

    @Column(nullable = false, length = 24)
    private String kind;

    private Integer phase;

    @Column(name = "device_id")
    private Long deviceId;

    @Column(name = "device_name", length = 128)
    private String deviceName;

    @Column(name = "from_release")
    private Integer fromRelease;

    @Column(name = "to_release")
    private Integer toRelease;

    @Column(length = Rollout.REASON_MAX_LENGTH)
    private String reason;

    protected RolloutEvent() {
    }

    RolloutEvent(long deploymentId, Instant at, String kind, Integer phase, Long deviceId, String deviceName,
            Integer fromRelease, Integer toRelease, String reason) {
        this.deploymentId = deploymentId;
        this.at = at;
        this.kind = kind;
        this.phase = phase;
        this.deviceId = deviceId;
        this.deviceName = deviceName;
        this.fromRelease = fromRelease;
        this.toRelease = toRelease;
        this.reason = (reason == null || reason.length() <= Rollout.REASON_MAX_LENGTH) ? reason
                : reason.substring(0, Rollout.REASON_MAX_LENGTH - 1) + "…";
    }

    public long id() {
        return this.id;
    }

    public long deploymentId() {
        return this.deploymentId;
    }

    public Instant at() {
        return this.at;
    }

    public String kind() {
        return this.kind;
    }

    /** 0 first; {@code null} for an event of the whole rollout. */
    public Integer phase() {
        return this.phase;
    }

    public Long deviceId() {
        return this.deviceId;
    }

    public String deviceName() {
        return this.deviceName;
    }

    public Integer fromRelease() {
        return this.fromRelease;
    }

    public Integer toRelease() {
        return this.toRelease;
    }

    public String reason() {
        return this.reason;
    }

}
