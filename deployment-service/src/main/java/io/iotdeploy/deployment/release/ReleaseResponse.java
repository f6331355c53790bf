package io.iotdeploy.deployment.release;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A release, as the API shows it.
 *
 * @param application  the application's name (the container's name on the devices)
 * @param number       1, 2, 3, … per application
 * @param settings     every setting, normalized ({@link ReleaseSettings}), defaults written out
 * @param settingsHash the SHA-256 of the canonical settings: with {@code artifact.sha256}, the release's identity
 * @param image        the multi-architecture tag
 * @param images       one image per platform built so far, by platform
 * @param createdBy    who made it
 * @param note         the caller's note, e.g. a pipeline's commit id
 */
record ReleaseResponse(String application, @Schema(description = "1, 2, 3, ... per application") int number,
        ArtifactResponse artifact, ReleaseSettings settings,
        @Schema(description = "the SHA-256 of the canonical settings: with artifact.sha256, the release's identity")
        String settingsHash,
        @Schema(description = "the multi-architecture tag in the private registry") String image,
        @Schema(description = "one image per platform built so far, by platform") List<PlatformImage> images,
        String createdBy, Instant createdAt,
        @Schema(description = "the maker's note, e.g. a pipeline's commit id") String note) {

    /**
     * @param sha256 64 lower-case hex digits; {@code GET /artifacts/sha256:<sha256>} reads it
     * @param kind   {@code jar} or {@code war}
     */
    record ArtifactResponse(
            @Schema(description = "64 lower-case hex digits; GET /api/artifacts/sha256:<sha256> reads it")
            String sha256,
            @Schema(description = "in bytes") long size, @Schema(description = "jar or war") String kind) {
    }

    static ReleaseResponse of(Release release, List<PlatformImage> images) {
        return new ReleaseResponse(release.application().name(), release.number(),
                new ArtifactResponse(release.artifactSha256(), release.artifactSize(), release.artifactKind()),
                release.settings(), release.settingsHash(), release.image(),
                images.stream().sorted(Comparator.comparing(PlatformImage::platform)).toList(), release.createdBy(),
                release.createdAt(), release.note());
    }

    /** A stored release with its images; in a transaction (they are loaded when needed). */
    static ReleaseResponse of(Release release) {
        return of(release, release.images().stream().map(ReleaseImage::toPlatformImage).toList());
    }

}
