package io.iotdeploy.deployment.release;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.iotdeploy.deployment.settings.RunSettings;
import io.iotdeploy.policy.InvalidSetting;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The releases as the desired state and the reconciler read them: the one door into this package from the others.
 * Another owner's application or release is answered as one that does not exist (404).
 */
@Component
public class ReleaseCatalog {

    private final ApplicationRepository applications;

    private final ReleaseRepository releases;

    ReleaseCatalog(ApplicationRepository applications, ReleaseRepository releases) {
        this.applications = applications;
        this.releases = releases;
    }

    /** @throws org.springframework.web.ErrorResponseException 400 a malformed name, 404 not the owner's */
    @Transactional(readOnly = true)
    public ApplicationRef application(String owner, String name) {
        ReleaseProblems.requireName(name);
        return this.applications.findByOwnerAndName(owner, name)
            .map(ApplicationRef::of)
            .orElseThrow(() -> ReleaseProblems.unknownApplication(name));
    }

    @Transactional(readOnly = true)
    public Optional<ApplicationRef> application(long id) {
        return this.applications.findById(id).map(ApplicationRef::of);
    }

    /** @throws org.springframework.web.ErrorResponseException 404 the application has no such release */
    @Transactional(readOnly = true)
    public StoredRelease release(ApplicationRef application, int number) {
        Application found = this.applications.getReferenceById(application.id());
        return this.releases.findByApplicationAndNumber(found, number)
            .map(ReleaseCatalog::stored)
            .orElseThrow(() -> ReleaseProblems.unknownRelease(application.name(), number));
    }

    @Transactional(readOnly = true)
    public Optional<StoredRelease> release(long id) {
        return this.releases.findWithImagesById(id).map(ReleaseCatalog::stored);
    }

    private static StoredRelease stored(Release release) {
        Map<String, String> images = new LinkedHashMap<>();
        release.images().forEach((image) -> images.put(image.platform(), image.toPlatformImage().image()));
        ReleaseSettings settings = release.settings();
        List<InvalidSetting> errors = new ArrayList<>();
        RunSettings run = RunSettings.parse(settings.networkMode(), settings.ports(), settings.env(),
                settings.privileged(), settings.capAdd(), settings.devices(), settings.binds(), settings.hostPid(),
                settings.hostIpc(), errors)
            .withHealthCheck(settings.health());
        if (!errors.isEmpty()) {
            // a stored release was checked when it was made: this is a defect, not the caller's mistake
            throw new IllegalStateException("release " + release.number() + " of " + release.application().name()
                    + " has settings that no longer parse: " + errors);
        }
        Application application = release.application();
        return new StoredRelease(release.id(), application.id(), application.owner(), application.name(),
                release.number(), Map.copyOf(images), run, release.settingsHash());
    }

}
