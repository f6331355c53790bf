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

/**
 * A deployment: release {@code releaseId} of the application runs (or is stopped, paused, removed) on every
 * device its target selects. Never changed once made; per device the newest deployment that selects it wins.
 */
@Entity
@Table(name = "deployment")
public class DesiredDeployment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "application_id", nullable = false)
    private long applicationId;

    @Column(name = "release_id")
    private Long releaseId;

    @Column(name = "target_kind", nullable = false, length = 8)
    private String targetKind;

    @Column(nullable = false, length = DeploymentTarget.SELECTOR_MAX_LENGTH)
    private String target;

    @Column(name = "run_state", nullable = false, length = 8)
    private String runState;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(length = 200)
    private String note;

    protected DesiredDeployment() {
    }

    DesiredDeployment(long applicationId, Long releaseId, DeploymentTarget target, RunState runState,
            String createdBy, Instant createdAt, String note) {
        this.applicationId = applicationId;
        this.releaseId = releaseId;
        this.targetKind = target.kind().value();
        this.target = target.value();
        this.runState = runState.value();
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.note = note;
    }

    public long id() {
        return this.id;
    }

    public long applicationId() {
        return this.applicationId;
    }

    /** {@code null} for an undeploy. */
    public Long releaseId() {
        return this.releaseId;
    }

    public DeploymentTarget target() {
        return new DeploymentTarget(DeploymentTarget.Kind.of(this.targetKind), this.target);
    }

    public RunState runState() {
        return RunState.parse(this.runState);
    }

    public String createdBy() {
        return this.createdBy;
    }

    public Instant createdAt() {
        return this.createdAt;
    }

    public String note() {
        return this.note;
    }

}
