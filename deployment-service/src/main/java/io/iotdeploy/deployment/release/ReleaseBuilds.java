package io.iotdeploy.deployment.release;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.token.CurrentUser;
import io.iotdeploy.token.InternalTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * Builds a stored release for a platform it has no image of yet: a device of a new architecture joined its target
 * after it was made. The release kept its artifact ({@link ArtifactStore}); the platform's builder
 * (containerization-service) gets it with the release's own build settings, as it got the upload, so the image is
 * the release's, under the same tag, and is added to the release ({@link ReleaseService#addImage}).
 *
 * <p>One build per release and platform at a time, whatever the number of devices and passes that ask: the
 * reconciler asks on every pass and gets the build's state. A finished build announces itself
 * ({@link ReleaseImageAdded}) so that the devices waiting for it converge at once, not at the next interval. A
 * failed build is remembered and not tried again before {@code retryAfter}: a broken release must not keep a
 * builder busy every pass.
 */
@Component
public class ReleaseBuilds implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReleaseBuilds.class);

    /** The file name the builder gets (it judges an upload by its content, never by its name), as the gateway's. */
    private static final String UPLOAD_NAME = "upload";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReleaseRepository releases;

    private final ArtifactStore artifacts;

    private final ReleaseService service;

    private final InternalTokens tokens;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final DeploymentServiceProperties.Builds settings;

    private final Map<String, RestClient> builders;

    private final TransactionTemplate reading;

    private final ExecutorService running;

    private final Map<Key, Build> builds = new ConcurrentHashMap<>();

    ReleaseBuilds(ReleaseRepository releases, ArtifactStore artifacts, ReleaseService service, InternalTokens tokens,
            ApplicationEventPublisher events, Clock clock, DeploymentServiceProperties properties,
            PlatformTransactionManager transactions) {
        this.releases = releases;
        this.artifacts = artifacts;
        this.service = service;
        this.tokens = tokens;
        this.events = events;
        this.clock = clock;
        this.settings = properties.builds();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.builders = this.settings.builders().entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, (entry) -> client(http, entry.getValue(), this.settings.timeout())));
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
        this.running = Executors.newFixedThreadPool(Math.max(1, this.builders.size()),
                new CustomizableThreadFactory("release-build-"));
    }

    private static RestClient client(HttpClient http, URI url, Duration timeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(timeout);
        return RestClient.builder().baseUrl(url.toString()).requestFactory(requests).build();
    }

    /** Where a release's build for one platform is. */
    public sealed interface State {

        /** The build runs (or waits for a builder); the devices that need it wait, pending. */
        record Building(String message) implements State {
        }

        /** It failed at {@code at}; it is tried again when a device still needs it after {@code retryAt}. */
        record Failed(String message, Instant at, Instant retryAt) implements State {
        }

        /** No builder serves the platform: the release can never run there. */
        record NoBuilder(String message) implements State {
        }

    }

    /** Whether a builder serves the platform ({@code linux/arm64}). */
    public boolean canBuild(String platform) {
        return this.builders.containsKey(platform);
    }

    /** The platforms that have a builder. */
    public List<String> platforms() {
        return this.builders.keySet().stream().sorted().toList();
    }

    /**
     * Starts the release's build for the platform unless one runs or failed a moment ago, and says where it is.
     * Called by the reconciler for a device whose release has no image of its platform.
     */
    public State require(StoredRelease release, String platform) {
        if (!canBuild(platform)) {
            return new State.NoBuilder("release " + release.number() + " of '" + release.application()
                    + "' has no image for " + platform + " and no builder serves " + platform + " (builders: "
                    + String.join(", ", platforms()) + ")");
        }
        Key key = new Key(release.id(), platform);
        Instant now = this.clock.instant();
        Build build = this.builds.compute(key, (k, current) -> {
            if (current == null || (current.failed() != null && !now.isBefore(current.failed().retryAt()))) {
                Build started = new Build(now, null);
                this.running.execute(() -> run(key, release, started));
                return started;
            }
            return current;
        });
        if (build.failed() != null) {
            return build.failed();
        }
        return new State.Building("release " + release.number() + " of '" + release.application()
                + "' is being built for " + platform + " from its stored artifact (since " + build.started() + ")");
    }

    private void run(Key key, StoredRelease release, Build build) {
        long started = System.nanoTime();
        try {
            Source source = source(release, key.platform());
            if (source.built()) {
                // a pass that read the release before another build of it finished: nothing to build
                this.builds.remove(key, build);
                this.events.publishEvent(new ReleaseImageAdded(release.applicationId(), release.id(), key.platform()));
                return;
            }
            Path file = this.artifacts.find(source.sha256())
                .orElseThrow(() -> new BuildFailure("the artifact of release " + release.number() + " (sha256:"
                        + source.sha256() + ") is no longer stored: the retention rule keeps the last "
                        + "releases' artifacts only; upload it again to make a release that can be built"));
            Built built = build(key.platform(), release, source, file);
            this.service.addImage(new CurrentUser(release.owner(), false), release.application(), release.number(),
                    key.platform(), new ReleaseRequest.Image(key.platform(), built.platformImage(), built.digest(),
                            Map.of()));
            this.builds.remove(key, build);
            log.info("application={} release={} built for {} from its stored artifact in {} ms: {}",
                    release.application(), release.number(), key.platform(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), built.platformImage());
            this.events.publishEvent(new ReleaseImageAdded(release.applicationId(), release.id(), key.platform()));
        }
        catch (RuntimeException ex) {
            String message = (ex instanceof BuildFailure) ? ex.getMessage() : describe(ex);
            Instant at = this.clock.instant();
            State.Failed failed = new State.Failed("building release " + release.number() + " of '"
                    + release.application() + "' for " + key.platform() + " failed: " + message, at,
                    at.plus(this.settings.retryAfter()));
            this.builds.replace(key, build, new Build(build.started(), failed));
            log.warn("application={} release={} platform={}: {}", release.application(), release.number(),
                    key.platform(), failed.message());
        }
    }

    /** What the release is built from, read afresh: whether the platform has been built meanwhile too. */
    private Source source(StoredRelease stored, String platform) {
        return this.reading.execute((status) -> {
            Release release = this.releases.findWithImagesById(stored.id())
                .orElseThrow(() -> new BuildFailure("release " + stored.number() + " no longer exists"));
            ReleaseSettings settings = release.settings();
            boolean built = release.images().stream().anyMatch((image) -> image.platform().equals(platform));
            return new Source(release.artifactSha256(), settings.baseImage(), settings.runCommands(), built);
        });
    }

    private Built build(String platform, StoredRelease release, Source source, Path file) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        HttpHeaders fileHeaders = new HttpHeaders();
        fileHeaders.setContentDispositionFormData("file", UPLOAD_NAME);
        parts.add("file", new HttpEntity<>(new FileSystemResource(file), fileHeaders));
        parts.add("name", release.application());
        parts.add("baseImage", source.baseImage());
        if (!source.runCommands().isEmpty()) {
            parts.add("runCommands", String.join("\n", source.runCommands()));
        }
        parts.add("platform", platform);
        String token = this.tokens.issue(release.owner(), false);
        return this.builders.get(platform)
            .post()
            .uri("/images")
            .headers((headers) -> headers.setBearerAuth(token))
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(parts)
            .exchange((request, response) -> {
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw new BuildFailure("the builder for " + platform + " answered "
                            + response.getStatusCode().value() + ": " + detail(response.getBody().readAllBytes()));
                }
                Built built = response.bodyTo(Built.class);
                if (built == null || built.platformImage() == null || built.digest() == null) {
                    throw new BuildFailure("the builder for " + platform + " answered without an image");
                }
                return built;
            });
    }

    private static String detail(byte[] body) {
        try {
            ProblemDetail problem = JSON.readValue(body, ProblemDetail.class);
            return Optional.ofNullable(problem.getDetail()).orElse(problem.getTitle());
        }
        catch (RuntimeException unreadable) {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String describe(RuntimeException ex) {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return (cause == ex) ? ex.getMessage() : ex.getMessage() + " (" + cause + ")";
    }

    @Override
    public void destroy() {
        this.running.shutdownNow();
    }

    private record Key(long releaseId, String platform) {
    }

    /** @param failed {@code null} while it runs */
    private record Build(Instant started, State.Failed failed) {
    }

    private record Source(String sha256, String baseImage, List<String> runCommands, boolean built) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Built(String platformImage, String digest) {
    }

    private static final class BuildFailure extends RuntimeException {

        BuildFailure(String message) {
            super(message);
        }

    }

}
