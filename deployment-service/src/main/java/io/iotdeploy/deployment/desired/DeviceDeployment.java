package io.iotdeploy.deployment.desired;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One device of a deployment, and where it is: the reconciler writes it, the API reads it. */
@Entity
@Table(name = "deployment_device")
public class DeviceDeployment {

    /** The longest engine message kept (the column). */
    static final int MESSAGE_MAX_LENGTH = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "deployment_id", nullable = false)
    private long deploymentId;

    @Column(name = "device_id", nullable = false)
    private long deviceId;

    @Column(name = "device_name", nullable = false, length = 128)
    private String deviceName;

    @Column(nullable = false, length = 12)
    private String state;

    @Column(length = 32)
    private String step;

    @Column(length = MESSAGE_MAX_LENGTH)
    private String message;

    /** starting, healthy or unhealthy; {@code null} without a health check, or while it does not run */
    @Column(length = 12)
    private String health;

    @Column(name = "superseded_by")
    private Long supersededBy;

    /** its phase of the deployment's rollout (0 first); {@code null} without one, or when it joined later */
    private Integer phase;

    /** since when it has been where the deployment wants it, healthy and without a restart */
    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "healthy_since")
    private Instant healthySince;

    /** the engine's restart count of its container when last seen */
    private Integer restarts;

    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected DeviceDeployment() {
    }

    DeviceDeployment(long deploymentId, long deviceId, String deviceName, Instant now) {
        this.deploymentId = deploymentId;
        this.deviceId = deviceId;
        this.deviceName = truncated(deviceName, 128);
        this.state = DeviceState.PENDING.value();
        this.updatedAt = now;
    }

    public long deploymentId() {
        return this.deploymentId;
    }

    public long deviceId() {
        return this.deviceId;
    }

    public String deviceName() {
        return this.deviceName;
    }

    public DeviceState state() {
        return DeviceState.of(this.state);
    }

    public String step() {
        return this.step;
    }

    public String message() {
        return this.message;
    }

    public String health() {
        return this.health;
    }

    public Integer phase() {
        return this.phase;
    }

    public Instant healthySince() {
        return this.healthySince;
    }

    void phase(int phase) {
        this.phase = phase;
    }

    /**
     * What a pass saw of its health: healthy (where the deployment wants it, its check passing), with the engine's
     * restart count. A restart since the last pass, or anything but healthy, starts the healthy time again.
     */
    void observe(boolean healthy, Integer restarts, Instant now) {
        boolean restarted = restarts != null && this.restarts != null && restarts > this.restarts;
        if (!healthy || restarted) {
            this.healthySince = healthy ? now : null;
        }
        else if (this.healthySince == null) {
            this.healthySince = now;
        }
        if (restarts != null) {
            this.restarts = restarts;
        }
    }

    public Long supersededBy() {
        return this.supersededBy;
    }

    public Instant updatedAt() {
        return this.updatedAt;
    }

    /** @return whether anything changed */
    boolean update(DeviceState state, String step, String message, String health, String deviceName,
            Instant now) {
        String text = truncated(message, MESSAGE_MAX_LENGTH);
        boolean changed = !state.value().equals(this.state) || !java.util.Objects.equals(step, this.step)
                || !java.util.Objects.equals(text, this.message) || !java.util.Objects.equals(health, this.health)
                || (deviceName != null && !deviceName.equals(this.deviceName));
        if (changed) {
            this.state = state.value();
            this.step = step;
            this.message = text;
            this.health = health;
            if (deviceName != null) {
                this.deviceName = truncated(deviceName, 128);
            }
            this.supersededBy = null;
            this.updatedAt = now;
        }
        return changed;
    }

    boolean supersede(long by, Instant now) {
        if (DeviceState.SUPERSEDED.value().equals(this.state) && java.util.Objects.equals(this.supersededBy, by)) {
            return false;
        }
        this.state = DeviceState.SUPERSEDED.value();
        this.step = null;
        this.message = null;
        this.health = null;
        this.supersededBy = by;
        this.updatedAt = now;
        return true;
    }

    private static String truncated(String text, int length) {
        return (text == null || text.length() <= length) ? text : text.substring(0, length - 1) + "…";
    }

}
