package io.iotdeploy.deployment.release;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A release's image for one platform ({@code linux/arm64}): the platform's own tag beside the multi-architecture
 * tag and its manifest digest, which is what a device of that platform runs. Never changed once added: a release
 * does not change what it has.
 */
@Entity
@Immutable
@Table(name = "release_image")
class ReleaseImage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "release_id", nullable = false)
    private Release release;

    @Column(nullable = false, length = 64)
    private String platform;

    @Column(nullable = false, length = 512)
    private String image;

    @Column(nullable = false, length = 71)
    private String digest;

    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    protected ReleaseImage() {
    }

    ReleaseImage(Release release, PlatformImage image, Instant addedAt) {
        this.release = release;
        this.platform = image.platform();
        this.image = image.image();
        this.digest = image.digest();
        this.addedAt = addedAt;
    }

    String platform() {
        return this.platform;
    }

    PlatformImage toPlatformImage() {
        return new PlatformImage(this.platform, this.image, this.digest);
    }

}
