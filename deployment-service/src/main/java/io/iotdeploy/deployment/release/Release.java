package io.iotdeploy.deployment.release;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A release of an application: immutable once made, numbered 1, 2, 3, … per application. It holds the artifact
 * (by its sha256: the file is in the {@link ArtifactStore}), every setting (the canonical JSON whose SHA-256 is
 * {@code settingsHash}, see {@link ReleaseSettings}), the multi-architecture image and who made it when. Its
 * identity is {@link ReleaseIdentity}. Only its {@link ReleaseImage}s grow: one per platform, as platforms are built.
 */
@Entity
@Immutable
@Table(name = "app_release")
class Release {

    static final String JAR = "jar";

    static final String WAR = "war";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "application_id", nullable = false)
    private Application application;

    @Column(name = "release_number", nullable = false)
    private int number;

    @Column(name = "artifact_sha256", nullable = false, length = 64)
    private String artifactSha256;

    @Column(name = "artifact_size", nullable = false)
    private long artifactSize;

    @Column(name = "artifact_kind", nullable = false, length = 8)
    private String artifactKind;

    @Column(name = "settings_hash", nullable = false, length = 64)
    private String settingsHash;

    @Column(nullable = false, length = ReleaseSettings.MAX_LENGTH)
    private String settings;

    @Column(nullable = false, length = 512)
    private String image;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(length = 200)
    private String note;

    @OneToMany(mappedBy = "release", fetch = FetchType.LAZY)
    @OrderBy("platform")
    private List<ReleaseImage> images = new ArrayList<>();

    protected Release() {
    }

    Release(Application application, int number, String artifactSha256, long artifactSize, String artifactKind,
            ReleaseSettings settings, String image, String createdBy, Instant createdAt, String note) {
        this.application = application;
        this.number = number;
        this.artifactSha256 = artifactSha256;
        this.artifactSize = artifactSize;
        this.artifactKind = artifactKind;
        this.settingsHash = settings.hash();
        this.settings = settings.canonicalJson();
        this.image = image;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.note = note;
    }

    Long id() {
        return this.id;
    }

    Application application() {
        return this.application;
    }

    int number() {
        return this.number;
    }

    String artifactSha256() {
        return this.artifactSha256;
    }

    long artifactSize() {
        return this.artifactSize;
    }

    String artifactKind() {
        return this.artifactKind;
    }

    String settingsHash() {
        return this.settingsHash;
    }

    ReleaseSettings settings() {
        return ReleaseSettings.fromCanonicalJson(this.settings);
    }

    ReleaseIdentity identity() {
        return new ReleaseIdentity(this.artifactSha256, this.settingsHash);
    }

    String image() {
        return this.image;
    }

    String createdBy() {
        return this.createdBy;
    }

    Instant createdAt() {
        return this.createdAt;
    }

    String note() {
        return this.note;
    }

    List<ReleaseImage> images() {
        return this.images;
    }

}
