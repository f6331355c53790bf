package io.iotdeploy.deployment.release;

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
 * That a user has uploaded an artifact: the file is stored once, by its content, whoever uploaded it; this is what
 * lets that user's releases reference it (a sha256 alone proves nothing, the upload does). {@code touchedAt} is the
 * last upload or release of it, from which the {@link ArtifactRetention} grace period runs.
 */
@Entity
@Table(name = "artifact_upload")
class ArtifactUpload {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String owner;

    @Column(nullable = false, length = 64)
    private String sha256;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "touched_at", nullable = false)
    private Instant touchedAt;

    protected ArtifactUpload() {
    }

    ArtifactUpload(String owner, String sha256, long size, Instant touchedAt) {
        this.owner = owner;
        this.sha256 = sha256;
        this.size = size;
        this.touchedAt = touchedAt;
    }

    String sha256() {
        return this.sha256;
    }

    long size() {
        return this.size;
    }

    Instant touchedAt() {
        return this.touchedAt;
    }

    /** Uploaded or released again: the grace period starts anew. */
    void touch(Instant now) {
        if (now.isAfter(this.touchedAt)) {
            this.touchedAt = now;
        }
    }

}
