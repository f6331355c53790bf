package io.iotdeploy.deployment.release;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ReleaseRepository extends JpaRepository<Release, Long> {

    /** The application's history, newest first, each with its images. */
    @EntityGraph(attributePaths = "images")
    List<Release> findByApplicationOrderByNumberDesc(Application application);

    @EntityGraph(attributePaths = "images")
    Optional<Release> findByApplicationAndNumber(Application application, int number);

    /** The release with this identity ({@link ReleaseIdentity}), if the application has one. */
    @EntityGraph(attributePaths = "images")
    Optional<Release> findByApplicationAndArtifactSha256AndSettingsHash(Application application,
            String artifactSha256, String settingsHash);

    @EntityGraph(attributePaths = { "images", "application" })
    Optional<Release> findWithImagesById(long id);

    /** The number of the application's latest release, 0 before the first. */
    @Query("select coalesce(max(r.number), 0) from Release r where r.application = :application")
    int lastNumber(@Param("application") Application application);

    /** Whether one of the owner's releases references the artifact: only then may the owner read it. */
    boolean existsByApplicationOwnerAndArtifactSha256(String owner, String artifactSha256);

    /**
     * The artifacts that the newest {@code keep} releases of every application (of every owner) reference: the
     * retention sweep keeps them.
     */
    @Query("""
            select distinct r.artifactSha256 from Release r
            where (select count(n) from Release n where n.application = r.application and n.number > r.number)
                < :keep""")
    Set<String> artifactsOfNewestReleases(@Param("keep") long keep);

}
