package io.iotdeploy.deployment.release;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.iotdeploy.deployment.release.ReleaseRequest.NewRelease;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.policy.ContainerPolicy;
import io.iotdeploy.policy.ContainerPolicyException;
import io.iotdeploy.token.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applications and their releases, each the caller's own: another owner's application is answered as one that
 * does not exist.
 *
 * <p>A release's number is the application's last number plus one, and two creations at the same moment may both
 * read the same last number (or both find no release of the same identity, or both make the application). The
 * database decides: the unique constraints on (application, number), (application, artifact, settings hash) and
 * (owner, name) let one of them commit; the other fails, is rolled back whole, and tries again in a new
 * transaction, where it sees the winner: the next number, or the release of its identity (200), or the
 * application. So no two releases of an application ever have one number or one identity, and no number is
 * skipped.
 */
@Service
class ReleaseService {

    private static final Logger log = LoggerFactory.getLogger(ReleaseService.class);

    /** Attempts of one creation; each lost attempt means that another creation of the application won. */
    static final int ATTEMPTS = 20;

    private final ApplicationRepository applications;

    private final ReleaseRepository releases;

    private final ReleaseImageRepository images;

    private final ArtifactUploadRepository uploads;

    private final ArtifactStore store;

    private final ContainerPolicy policy;

    private final DeploymentServiceProperties properties;

    private final Clock clock;

    private final TransactionTemplate attempt;

    ReleaseService(ApplicationRepository applications, ReleaseRepository releases, ReleaseImageRepository images,
            ArtifactUploadRepository uploads, ArtifactStore store, ContainerPolicy policy,
            DeploymentServiceProperties properties, Clock clock, PlatformTransactionManager transactions) {
        this.applications = applications;
        this.releases = releases;
        this.images = images;
        this.uploads = uploads;
        this.store = store;
        this.policy = policy;
        this.properties = properties;
        this.clock = clock;
        this.attempt = new TransactionTemplate(transactions);
        // a transaction of its own, whoever calls: a failed attempt must be rolled back alone to be retried
        this.attempt.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * What a creation did.
     *
     * @param created whether this call made it (201), or found it (200)
     */
    record Outcome(ReleaseResponse release, boolean created) {
    }

    @Transactional(readOnly = true)
    List<ApplicationResponse> applications(CurrentUser user) {
        return this.applications.summaries(user.name());
    }

    @Transactional(readOnly = true)
    ApplicationResponse application(CurrentUser user, String name) {
        ReleaseProblems.requireName(name);
        return this.applications.summary(user.name(), name)
            .orElseThrow(() -> ReleaseProblems.unknownApplication(name));
    }

    /** The history, newest first. */
    @Transactional(readOnly = true)
    List<ReleaseResponse> releases(CurrentUser user, String name) {
        Application application = application(user.name(), name);
        return this.releases.findByApplicationOrderByNumberDesc(application)
            .stream()
            .map(ReleaseResponse::of)
            .toList();
    }

    @Transactional(readOnly = true)
    ReleaseResponse release(CurrentUser user, String name, int number) {
        return ReleaseResponse.of(release(application(user.name(), name), number));
    }

    /** The release of this artifact with these settings: whether an upload is unchanged, before anything is built. */
    @Transactional(readOnly = true)
    ReleaseResponse lookup(CurrentUser user, String name, ReleaseRequest.Lookup lookup) {
        ReleaseProblems.requireName(name);
        ReleaseIdentity identity = lookup.check().identity();
        Application application = application(user.name(), name);
        return this.releases
            .findByApplicationAndArtifactSha256AndSettingsHash(application, identity.artifactSha256(),
                    identity.settingsHash())
            .map(ReleaseResponse::of)
            .orElseThrow(() -> ReleaseProblems.noReleaseWith(name, identity));
    }

    /**
     * Makes the next release of the application (and the application with its first release), or finds the release
     * of the same identity.
     *
     * @throws org.springframework.web.ErrorResponseException 400 every mistake of the request, 403 a setting the
     *                                                        policy does not allow, 409 an artifact not uploaded
     */
    Outcome create(CurrentUser user, String name, ReleaseRequest request) {
        ReleaseProblems.requireName(name);
        NewRelease release = request.check(this.properties.privateRegistry(),
                this.properties.artifacts().maxSize().toBytes());
        try {
            this.policy.require(release.run().container(), "release", null);
        }
        catch (ContainerPolicyException ex) {
            ex.getBody().setProperty("application", name);
            throw ex;
        }
        Outcome outcome = retried(name, () -> this.attempt.execute((status) -> createOnce(user, name, release)));
        if (outcome.created()) {
            log.info("user={} application={} release={} artifact=sha256:{} settings={} image={}", user.name(), name,
                    outcome.release().number(), release.artifactSha256(), release.settings().hash(),
                    release.image());
        }
        return outcome;
    }

    private Outcome createOnce(CurrentUser user, String name, NewRelease request) {
        Instant now = this.clock.instant();
        Application application = this.applications.findByOwnerAndName(user.name(), name)
            .orElseGet(() -> this.applications.saveAndFlush(new Application(user.name(), name, now)));
        ReleaseIdentity identity = request.identity();
        var existing = this.releases.findByApplicationAndArtifactSha256AndSettingsHash(application,
                identity.artifactSha256(), identity.settingsHash());
        if (existing.isPresent()) {
            return new Outcome(ReleaseResponse.of(existing.get()), false);
        }
        ArtifactUpload upload = this.uploads.findByOwnerAndSha256(user.name(), request.artifactSha256())
            .filter((uploaded) -> this.store.exists(uploaded.sha256()))
            .orElseThrow(() -> ReleaseProblems.artifactNotUploaded(request.artifactSha256()));
        if (upload.size() != request.artifactSize()) {
            throw ReleaseProblems.invalid("Invalid release", "artifact.size", "artifact.size " + request.artifactSize()
                    + " is not the size of artifact sha256:" + request.artifactSha256() + ", which has "
                    + upload.size() + " bytes");
        }
        // released now: the retention sweep's grace period starts anew, so it cannot delete the file meanwhile
        upload.touch(now);
        int number = this.releases.lastNumber(application) + 1;
        Release release = this.releases.saveAndFlush(new Release(application, number, request.artifactSha256(),
                request.artifactSize(), request.artifactKind(), request.settings(), request.image().toString(),
                user.name(), now, request.note()));
        List<PlatformImage> added = new ArrayList<>();
        for (PlatformImage image : request.images()) {
            this.images.save(new ReleaseImage(release, image, now));
            added.add(image);
        }
        this.images.flush();
        return new Outcome(ReleaseResponse.of(release, added), true);
    }

    /**
     * Adds a platform's image to a release (a device of a new architecture joined). The same image again is no
     * change (200); another digest for a platform the release has is a 409: a release never changes what it has.
     */
    Outcome addImage(CurrentUser user, String name, int number, String platform, ReleaseRequest.Image body) {
        ReleaseProblems.requireName(name);
        PlatformImage image = ReleaseRequest.checkImage(platform, body, this.properties.privateRegistry());
        return retried(name, () -> this.attempt.execute((status) -> addImageOnce(user, name, number, image)));
    }

    private Outcome addImageOnce(CurrentUser user, String name, int number, PlatformImage image) {
        Release release = release(application(user.name(), name), number);
        String repository = release.image().substring(0, release.image().lastIndexOf(':'));
        if (!image.image().startsWith(repository + ":") && !image.image().startsWith(repository + "@")) {
            throw ReleaseProblems.invalid("Invalid release image", "image", "image '" + image.image() + "' is not "
                    + "in the repository of release " + number + "'s image, " + repository);
        }
        var existing = this.images.findByReleaseAndPlatform(release, image.platform());
        if (existing.isPresent()) {
            PlatformImage has = existing.get().toPlatformImage();
            if (!has.equals(image)) {
                throw ReleaseProblems.imageConflict(name, number, has, image);
            }
            return new Outcome(ReleaseResponse.of(release), false);
        }
        this.images.saveAndFlush(new ReleaseImage(release, image, this.clock.instant()));
        List<PlatformImage> all = new ArrayList<>(
                release.images().stream().map(ReleaseImage::toPlatformImage).toList());
        all.add(image);
        log.info("user={} application={} release={} platform={} image={}@{}", user.name(), name, number,
                image.platform(), image.image(), image.digest());
        return new Outcome(ReleaseResponse.of(release, all), true);
    }

    private <T> T retried(String name, Supplier<T> attempt) {
        for (int i = 1;; i++) {
            try {
                return attempt.get();
            }
            catch (DataIntegrityViolationException | ConcurrencyFailureException ex) {
                if (i == ATTEMPTS) {
                    log.warn("application={}: {} attempts lost to concurrent changes, giving up", name, ATTEMPTS, ex);
                    throw ReleaseProblems.busy(name);
                }
                log.debug("application={}: attempt {} lost to a concurrent change ({}), trying again", name, i,
                        ex.getMessage());
                pause(i);
            }
        }
    }

    /** A few milliseconds, more with every attempt, jittered: the creations that collided do not collide again. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * Math.min(attempt, 10) + 2));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a release", ex);
        }
    }

    private Application application(String owner, String name) {
        ReleaseProblems.requireName(name);
        return this.applications.findByOwnerAndName(owner, name)
            .orElseThrow(() -> ReleaseProblems.unknownApplication(name));
    }

    private Release release(Application application, int number) {
        return this.releases.findByApplicationAndNumber(application, number)
            .orElseThrow(() -> ReleaseProblems.unknownRelease(application.name(), number));
    }

}
