package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds images without {@code RUN} steps with jib, without any Docker Engine: the base image's layers go from
 * registry to registry as compressed blobs (each only once: jib checks the target first), the application is one
 * layer of its own, and an unchanged layer is never pushed twice. Only jib's public API is used: what a build added
 * to the repository is asked of the registry ({@link RepositoryLayers}).
 */
class JibImageBuilder {

    private static final Logger log = LoggerFactory.getLogger(JibImageBuilder.class);

    private static final AtomicInteger threadNumber = new AtomicInteger();

    private final Path cache;

    private final String privateRegistry;

    private final RegistryCredentials credentials;

    private final RegistryClient registry;

    private final Duration timeout;

    /**
     * @param cache       the lasting cache of base image layers
     * @param credentials the builder's, for the private registry (HTTPS, trusted through the JVM's trust store)
     * @param registry    the private registry's API, which tells what a build added
     * @param timeout     for pulling, assembling and pushing together, since jib overlaps them
     */
    JibImageBuilder(Path cache, RegistryCredentials credentials, RegistryClient registry, Duration timeout) {
        this.cache = cache;
        this.privateRegistry = credentials.registry();
        this.credentials = credentials;
        this.registry = registry;
        this.timeout = timeout;
    }

    /**
     * @param applicationLayers jib's application layer cache for this build only: an unchanged application never
     *                          reaches jib (its tag is found in the registry first), so a lasting one would only grow
     */
    PushedImage build(ImageRecipe recipe, Path application, Path applicationLayers, ImageReference target) {
        long start = System.nanoTime();
        // jib's own threads are the only thing that can stop a hanging build: shutdownNow interrupts them
        ExecutorService threads = Executors.newCachedThreadPool(daemonThreads());
        try {
            RepositoryLayers layers = RepositoryLayers.before(this.registry, target,
                    "-" + recipe.imagePlatform().tagSuffix());
            Containerizer containerizer = Containerizer.to(registryImage(target))
                // both registries speak TLS with the platform CA's certificates (the JVM's trust store): jib's
                // "insecure registries" switch, which would retry without checking them, stays off
                .setBaseImageLayersCache(this.cache.resolve("base"))
                .setApplicationLayersCache(applicationLayers)
                .setToolName("iotdeploy")
                .setExecutorService(threads)
                .addEventHandler(LogEvent.class, JibImageBuilder::log);
            JibContainerBuilder image = Jib.from(registryImage(recipe.base()))
                .setPlatforms(Set.of(new Platform(recipe.architecture(), recipe.os())))
                .addFileEntriesLayer(FileEntriesLayer.builder()
                    .setName("app")
                    .addEntry(application, AbsoluteUnixPath.get(recipe.archive().pathInImage()))
                    .build())
                .setEntrypoint(recipe.entrypoint())
                .setLabels(recipe.labels());
            Future<JibContainer> containerizing = threads.submit(() -> image.containerize(containerizer));
            JibContainer container = containerizing.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
            long built = System.nanoTime();
            String digest = container.getDigest().toString();
            int added = layers.added(digest);
            long end = System.nanoTime();
            // jib pulls, assembles and pushes at once: its whole time is the build; the push is what came after
            return new PushedImage(digest, added, Duration.ofNanos(built - start).toMillis(),
                    Duration.ofNanos(end - built).toMillis());
        }
        catch (TimeoutException ex) {
            throw ImageBuildException.timedOut("build", target.toString(), "Building and pushing " + target
                    + " with jib took longer than " + this.timeout + "; it was stopped.");
        }
        catch (ExecutionException ex) {
            throw failure(ex.getCause(), recipe, target);
        }
        catch (IOException ex) {
            throw failure(ex, recipe, target);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building " + target, ex);
        }
        finally {
            threads.shutdownNow();
        }
    }

    private boolean isPrivate(ImageReference image) {
        return this.credentials.isFor(image.getRegistry());
    }

    /** An image in the private registry is reached with the builder's credentials. */
    private RegistryImage registryImage(ImageReference image) {
        RegistryImage registryImage = RegistryImage.named(image);
        if (isPrivate(image)) {
            registryImage.addCredential(this.credentials.username(), this.credentials.password());
        }
        return registryImage;
    }

    private RuntimeException failure(Throwable failure, ImageRecipe recipe, ImageReference target) {
        // a base without the platform was refused before jib started (RegistryClient.requireBaseImage)
        String message = messages(failure);
        // only base image manifests are pulled; a missing one is the registry's MANIFEST_UNKNOWN
        if (failure instanceof RegistryException && message.toLowerCase().contains("manifest unknown")) {
            return ImageBuildException.baseImageNotFound(recipe.base().toString(),
                    "The base image " + recipe.base() + " does not exist: " + failure.getMessage());
        }
        boolean atTarget = message.contains(this.privateRegistry);
        String step = atTarget ? "push" : "build";
        String image = atTarget ? target.toString() : recipe.base().toString();
        if (failure instanceof RegistryException) {
            return ImageBuildException.registryFailed(step, image, "The registry refused jib's request for " + image
                    + ": " + failure.getMessage(), failure);
        }
        if (hasCause(failure, IOException.class)) {
            return ImageBuildException.unreachable(step, image, "The registry of " + image
                    + " could not be reached: " + message, failure);
        }
        if (failure instanceof CacheDirectoryCreationException) {
            return new IllegalStateException("jib cannot use its cache directory " + this.cache, failure);
        }
        return new IllegalStateException("jib failed to build " + target + ": " + message, failure);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(messages.isEmpty() ? "" : ": ").append(t.getMessage() != null ? t.getMessage()
                    : t.getClass().getSimpleName());
        }
        return messages.toString();
    }

    private static void log(LogEvent event) {
        // jib's warnings (a slow registry, a retried request) are for the service's debug log; errors are not
        if (event.getLevel() == LogEvent.Level.ERROR) {
            log.warn("jib: {}", event.getMessage());
        }
        else {
            log.debug("jib: {}", event.getMessage());
        }
    }

    private static ThreadFactory daemonThreads() {
        return (task) -> {
            Thread thread = new Thread(task, "jib-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

}
