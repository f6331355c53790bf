package io.iotdeploy.deployment.release;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ArtifactUploadRepository extends JpaRepository<ArtifactUpload, Long> {

    Optional<ArtifactUpload> findByOwnerAndSha256(String owner, String sha256);

    boolean existsBySha256(String sha256);

    /** The artifacts that nobody has uploaded or released since {@code cutoff}. */
    @Query("select u.sha256 from ArtifactUpload u group by u.sha256 having max(u.touchedAt) < :cutoff")
    List<String> untouchedSince(@Param("cutoff") Instant cutoff);

    /**
     * Forgets the uploads of an artifact that were not touched since {@code cutoff}: conditional, so that an upload
     * or a release of it that came in meanwhile keeps its upload.
     */
    @Modifying
    @Query("delete from ArtifactUpload u where u.sha256 = :sha256 and u.touchedAt < :cutoff")
    int deleteUntouchedSince(@Param("sha256") String sha256, @Param("cutoff") Instant cutoff);

}
