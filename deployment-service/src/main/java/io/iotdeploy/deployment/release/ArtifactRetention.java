package io.iotdeploy.deployment.release;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import io.iotdeploy.deployment.release.ArtifactStore.StoredFile;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.deployment.system.DeploymentServiceProperties.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The artifacts' retention rule: an artifact is kept while one of the newest {@code keep-releases} releases of any
 * application references it, or while someone uploaded or released it within the {@code grace} period; else the
 * sweep deletes it (its file and who uploaded it). The grace period is what keeps an upload whose release is still
 * being built, and a file that is still arriving ({@code tmp/}), from being swept. An older release keeps its
 * record; only a device of a new architecture would need its artifact, and then it is gone (404).
 *
 * <p>The sweep is idempotent: several replicas may run it at once, nothing is claimed.
 */
@Component
class ArtifactRetention {

    private static final Logger log = LoggerFactory.getLogger(ArtifactRetention.class);

    private final ReleaseRepository releases;

    private final ArtifactUploadRepository uploads;

    private final ArtifactStore store;

    private final Retention retention;

    private final Clock clock;

    private final TransactionTemplate transaction;

    ArtifactRetention(ReleaseRepository releases, ArtifactUploadRepository uploads, ArtifactStore store,
            DeploymentServiceProperties properties, Clock clock, PlatformTransactionManager transactions) {
        this.releases = releases;
        this.uploads = uploads;
        this.store = store;
        this.retention = properties.artifacts().retention();
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * What one sweep deleted.
     *
     * @param artifacts      stored files
     * @param uploads        records of who uploaded what
     * @param partialUploads files of uploads that never completed
     */
    record Sweep(int artifacts, int uploads, int partialUploads) {
    }

    Sweep sweep() {
        Instant cutoff = this.clock.instant().minus(this.retention.grace());
        Set<String> kept = this.transaction
            .execute((status) -> this.releases.artifactsOfNewestReleases(this.retention.keepReleases()));
        int forgotten = 0;
        for (String sha256 : this.uploads.untouchedSince(cutoff)) {
            if (!kept.contains(sha256)) {
                forgotten += this.transaction
                    .execute((status) -> this.uploads.deleteUntouchedSince(sha256, cutoff));
            }
        }
        int deleted = 0;
        for (StoredFile file : this.store.list()) {
            // recently stored (again), kept by a release, or somebody's upload still within its grace period
            if (!file.modified().isBefore(cutoff) || kept.contains(file.name())
                    || this.uploads.existsBySha256(file.name())) {
                continue;
            }
            if (this.store.delete(file.name())) {
                deleted++;
            }
        }
        int partial = 0;
        for (StoredFile file : this.store.partialUploads()) {
            if (file.modified().isBefore(cutoff) && this.store.deletePartialUpload(file.name())) {
                partial++;
            }
        }
        Sweep sweep = new Sweep(deleted, forgotten, partial);
        if (deleted + forgotten + partial > 0) {
            log.info("artifact retention (newest {} releases per application, grace {}): deleted {} artifacts, {} "
                    + "uploads, {} partial uploads", this.retention.keepReleases(), this.retention.grace(), deleted,
                    forgotten, partial);
        }
        return sweep;
    }

}
