package io.iotdeploy.deployment.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import io.iotdeploy.deployment.release.ArtifactStore.HashMismatchException;
import io.iotdeploy.deployment.release.ArtifactStore.Stored;
import io.iotdeploy.deployment.release.ArtifactStore.TooLargeException;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.token.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who may use which artifact. A file is stored once, by its content, whoever uploads it; an upload records that
 * its uploader has it, which is what lets the uploader's releases reference it (knowing a hash proves nothing,
 * sending the bytes does). Reading one back needs a release of the caller's that references it: the owner's
 * releases only, administrators are not special.
 */
@Service
class ArtifactService {

    private static final Logger log = LoggerFactory.getLogger(ArtifactService.class);

    private final ArtifactStore store;

    private final ArtifactUploadRepository uploads;

    private final ReleaseRepository releases;

    private final DeploymentServiceProperties properties;

    private final Clock clock;

    private final TransactionTemplate record;

    ArtifactService(ArtifactStore store, ArtifactUploadRepository uploads, ReleaseRepository releases,
            DeploymentServiceProperties properties, Clock clock, PlatformTransactionManager transactions) {
        this.store = store;
        this.uploads = uploads;
        this.releases = releases;
        this.properties = properties;
        this.clock = clock;
        this.record = new TransactionTemplate(transactions);
        this.record.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * An uploaded artifact.
     *
     * @param created whether the caller had not uploaded it before (201), or had (200)
     */
    record Upload(String sha256, long size, boolean created) {
    }

    /**
     * Stores {@code content} under its hash (after checking that it is {@code sha256}) and records that the caller
     * has it. Nothing is kept of content that is too large or has another hash.
     *
     * @param declaredLength the request's {@code Content-Length}, -1 when it has none
     */
    Upload upload(CurrentUser user, String sha256, long declaredLength, InputStream content) {
        long maxSize = this.properties.artifacts().maxSize().toBytes();
        if (declaredLength > maxSize) {
            throw ReleaseProblems.artifactTooLarge(maxSize);
        }
        Stored stored;
        try {
            stored = this.store.put(sha256, content, maxSize);
        }
        catch (TooLargeException ex) {
            throw ReleaseProblems.artifactTooLarge(ex.maxSize());
        }
        catch (HashMismatchException ex) {
            throw ReleaseProblems.hashMismatch(ex.expected(), ex.actual(), ex.size());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot store artifact sha256:" + sha256, ex);
        }
        if (stored.size() == 0) {
            this.store.delete(sha256);
            throw ReleaseProblems.invalid("Invalid artifact", "body",
                    "The body is empty: an artifact is a jar or war.");
        }
        boolean created = recordUpload(user.name(), stored);
        log.info("user={} artifact=sha256:{} size={} result={}", user.name(), sha256, stored.size(),
                created ? "uploaded" : "uploaded again");
        return new Upload(sha256, stored.size(), created);
    }

    /** @return whether the owner had not uploaded it before */
    private boolean recordUpload(String owner, Stored stored) {
        for (int attempt = 1;; attempt++) {
            try {
                return Boolean.TRUE.equals(this.record.execute((status) -> {
                    Instant now = this.clock.instant();
                    var existing = this.uploads.findByOwnerAndSha256(owner, stored.sha256());
                    if (existing.isPresent()) {
                        existing.get().touch(now);
                        return false;
                    }
                    this.uploads.saveAndFlush(new ArtifactUpload(owner, stored.sha256(), stored.size(), now));
                    return true;
                }));
            }
            catch (DataIntegrityViolationException ex) {
                // the same owner uploaded the same file at the same moment: the other upload's row is there now
                if (attempt == 3) {
                    throw ex;
                }
            }
        }
    }

    /**
     * The file of an artifact that one of the caller's releases references.
     *
     * @throws org.springframework.web.ErrorResponseException 404 when none does, or the file is gone (the same
     *                                                        answer: nobody learns of another owner's artifacts)
     */
    @Transactional(readOnly = true)
    Path download(CurrentUser user, String sha256) {
        if (!this.releases.existsByApplicationOwnerAndArtifactSha256(user.name(), sha256)) {
            throw ReleaseProblems.unknownArtifact(sha256);
        }
        return this.store.find(sha256).orElseThrow(() -> ReleaseProblems.unknownArtifact(sha256));
    }

}
