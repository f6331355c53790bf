package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
import com.google.cloud.tools.jib.event.events.TimerEvent;
import com.google.cloud.tools.jib.image.json.PlatformNotFoundInBaseImageException;
import com.google.cloud.tools.jib.image.json.UnlistedPlatformInManifestListException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds images without {@code RUN} steps with jib, without any Docker Engine: the base image's layers go from
 * registry to registry as compressed blobs (each only once: jib checks the target first), the application is one
 * layer of its own, and an unchanged layer is never pushed twice.
 */
class JibImageBuilder {

    private static final Logger log = LoggerFactory.getLogger(JibImageBuilder.class);

    // jib 0.28.1 RegistryClient.pushBlob: this lap happens only when a blob is really uploaded
    private static final String BLOB_UPLOAD = "pushBlob PATCH ";

    private static final AtomicInteger threadNumber = new AtomicInteger();

    private final Path cache;

    private final String privateRegistry;

    private final RegistryCredentials credentials;

    private final Duration timeout;

    /**
     * @param cache       the lasting cache of base image layers
     * @param credentials the builder's, for the private registry (HTTPS, trusted through the JVM's trust store)
     * @param timeout     for pulling, assembling and pushing together, since jib overlaps them
     */
    JibImageBuilder(Path cache, RegistryCredentials credentials, Duration timeout) {
        this.cache = cache;
        this.privateRegistry = credentials.registry();
        this.credentials = credentials;
        this.timeout = timeout;
    }

    /**
     * @param applicationLayers jib's application layer cache for this build only: an unchanged application never
     *                          reaches jib (its tag is found in the registry first), so a lasting one would only grow
     */
    PushedImage build(ImageRecipe recipe, Path application, Path applicationLayers, ImageReference target) {
        Set<String> uploaded = ConcurrentHashMap.newKeySet();
        long start = System.nanoTime();
        AtomicLong pushStart = new AtomicLong();
        // jib's own threads are the only thing that can stop a hanging build: shutdownNow interrupts them
        ExecutorService threads = Executors.newCachedThreadPool(daemonThreads());
        try {
            Containerizer containerizer = Containerizer.to(registryImage(target))
                // both registries speak TLS with the platform CA's certificates (the JVM's trust store): jib's
                // "insecure registries" switch, which would retry without checking them, stays off
                .setBaseImageLayersCache(this.cache.resolve("base"))
                .setApplicationLayersCache(applicationLayers)
                .setToolName("iotdeploy")
                .setExecutorService(threads)
                .addEventHandler(LogEvent.class, JibImageBuilder::log)
                .addEventHandler(TimerEvent.class, (event) -> {
                    String description = event.getDescription();
                    if (event.getState() == TimerEvent.State.START
                            && (description.equals("pushBlob") || description.startsWith("Pushing manifest"))) {
                        pushStart.compareAndSet(0, System.nanoTime());
                    }
                    if (event.getState() == TimerEvent.State.LAP && description.startsWith(BLOB_UPLOAD)) {
                        uploaded.add(description.substring(BLOB_UPLOAD.length()));
                    }
                });
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
            long end = System.nanoTime();
            long pushed = (pushStart.get() != 0) ? pushStart.get() : end;
            uploaded.remove(container.getImageId().toString());
            return new PushedImage(container.getDigest().toString(), uploaded.size(),
                    Duration.ofNanos(pushed - start).toMillis(), Duration.ofNanos(end - pushed).toMillis());
        }
        catch (TimeoutException ex) {
            String step = (pushStart.get() != 0) ? "push" : "build";
            throw ImageBuildException.timedOut(step, target.toString(), "Building and pushing " + target + " with jib "
                    + "took longer than " + this.timeout + "; it was stopped.");
        }
        catch (ExecutionException ex) {
            throw failure(ex.getCause(), recipe, target);
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
        if (failure instanceof UnlistedPlatformInManifestListException
                || failure instanceof PlatformNotFoundInBaseImageException) {
            return ImageBuildException.baseImageNotFound(recipe.base().toString(),
                    "The base image " + recipe.base() + " has no image for " + recipe.platform() + ": "
                            + failure.getMessage());
        }
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
        // jib's warnings are mostly its HTTPS-to-HTTP fallback, expected on every build with these registries
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
