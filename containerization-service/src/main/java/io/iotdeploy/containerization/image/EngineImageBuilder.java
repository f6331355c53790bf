package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.core.util.CompressArchiveUtil;
import com.google.cloud.tools.jib.api.ImageReference;
import io.iotdeploy.device.DockerEngines;
import io.iotdeploy.device.EngineConnection;
import io.iotdeploy.device.EngineProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds images with {@code RUN} steps from the generated Dockerfile on the build host's Docker Engine and pushes
 * them. The engine keeps its layer cache (unchanged run commands are not run again) but not the pushed tag.
 */
class EngineImageBuilder {

    private static final Logger log = LoggerFactory.getLogger(EngineImageBuilder.class);

    /** How much of the build output a failed build reports. */
    static final int OUTPUT_LINES = 50;

    private final String buildEngine;

    private final RegistryCredentials credentials;

    private final Duration buildTimeout;

    private final Duration pushTimeout;

    /** @param credentials the builder's, for pushes to (and base images from) the private registry */
    EngineImageBuilder(String buildEngine, RegistryCredentials credentials, Duration buildTimeout,
            Duration pushTimeout) {
        this.buildEngine = buildEngine;
        this.credentials = credentials;
        this.buildTimeout = buildTimeout;
        this.pushTimeout = pushTimeout;
    }

    /**
     * @param context a directory holding only the {@code Dockerfile} and the application, in a directory of
     *                its own that also takes the context's tar
     */
    PushedImage build(ImageRecipe recipe, Path context, ImageReference target) {
        String image = target.toString();
        DockerClient engine = DockerEngines.connect(EngineConnection.streaming(this.buildEngine));
        try {
            long start = System.nanoTime();
            build(engine, recipe, context, image);
            long built = System.nanoTime();
            PushProgress push = push(engine, target);
            long end = System.nanoTime();
            return new PushedImage(push.digest, push.pushedLayers(), Duration.ofNanos(built - start).toMillis(),
                    Duration.ofNanos(end - built).toMillis());
        }
        finally {
            removeLocalTag(image);
            try {
                engine.close();
            }
            catch (IOException ex) {
                log.debug("Could not close the connection to the build engine: {}", ex.toString());
            }
        }
    }

    private void build(DockerClient engine, ImageRecipe recipe, Path context, String image) {
        BuildOutput output = new BuildOutput();
        try (InputStream tar = Files.newInputStream(contextTar(context))) {
            var build = engine.buildImageCmd(tar);
            if (this.credentials.isFor(recipe.base().getRegistry())) {
                // a base image of the user's in the private registry: the engine pulls it as the builder
                AuthConfigurations auth = new AuthConfigurations();
                auth.addConfig(this.credentials.authConfig());
                build.withBuildAuthConfigs(auth);
            }
            build.withTags(Set.of(image))
                .withPlatform(recipe.platform())
                .withPull(true)
                // a failed RUN leaves no container behind either
                .withForcerm(true)
                .withLabels(recipe.labels())
                .exec(output);
            if (!output.await(this.buildTimeout)) {
                throw ImageBuildException.timedOut("build", image, "The build of " + image + " on the build engine "
                        + "took longer than " + this.buildTimeout + "; it was stopped.");
            }
        }
        catch (IOException | RuntimeException ex) {
            throw engineFailure(ex, image, "build");
        }
        if (output.error() != null) {
            throw buildError(output, recipe, image);
        }
        if (output.imageId == null) {
            throw ImageBuildException.buildFailed(image, "The build engine ended the build of " + image
                    + " without an image.", output.lastLines());
        }
    }

    /**
     * The build context as a tar next to the context directory: docker-java's own context tar would go to the
     * shared temp directory, and stay there when the engine is gone.
     */
    private static Path contextTar(Path context) throws IOException {
        Path tar = context.resolveSibling("context.tar");
        CompressArchiveUtil.tar(context, tar, false, true);
        return tar;
    }

    private static ImageBuildException buildError(BuildOutput output, ImageRecipe recipe, String image) {
        String error = output.error();
        String lower = error.toLowerCase();
        String base = recipe.base().toString();
        if (lower.contains("manifest unknown") || lower.contains("no matching manifest")
                || (lower.contains("manifest for") && lower.contains("not found"))) {
            return ImageBuildException.baseImageNotFound(base, "The build engine cannot pull the base image " + base
                    + " for " + recipe.platform() + ": " + error);
        }
        if (!lower.contains("returned a non-zero code") && isConnectionError(error)) {
            return ImageBuildException.unreachable("build", base, "The build engine cannot reach the registry of "
                    + base + ": " + error, null);
        }
        return ImageBuildException.buildFailed(image, "The build of " + image + " failed: " + error,
                output.lastLines());
    }

    /** The engine reports registry connection failures as Go error text only. */
    private static boolean isConnectionError(String error) {
        String lower = error.toLowerCase();
        return lower.contains("dial tcp") || lower.contains("i/o timeout") || lower.contains("connection refused")
                || lower.contains("no route to host");
    }

    private PushProgress push(DockerClient engine, ImageReference target) {
        String image = target.toString();
        PushProgress progress = new PushProgress();
        try {
            var push = engine.pushImageCmd(target.getRegistry() + "/" + target.getRepository());
            if (this.credentials.isFor(target.getRegistry())) {
                // X-Registry-Auth: the engine logs in for this push only, nothing is stored on it
                push.withAuthConfig(this.credentials.authConfig());
            }
            push.withTag(target.getTag().orElseThrow())
                .exec(progress);
            if (!progress.await(this.pushTimeout)) {
                throw ImageBuildException.timedOut("push", image, "Pushing " + image + " took longer than "
                        + this.pushTimeout + "; it was stopped.");
            }
        }
        catch (RuntimeException ex) {
            throw engineFailure(ex, image, "push");
        }
        if (progress.error() != null) {
            String detail = "The build engine could not push " + image + ": " + progress.error();
            throw isConnectionError(progress.error()) ? ImageBuildException.unreachable("push", image, detail, null)
                    : ImageBuildException.registryFailed("push", image, detail, null);
        }
        if (progress.digest == null) {
            throw ImageBuildException.registryFailed("push", image, "The push of " + image + " ended without the "
                    + "registry's digest.", null);
        }
        return progress;
    }

    private RuntimeException engineFailure(Throwable failure, String image, String step) {
        if (failure instanceof ImageBuildException built) {
            return built;
        }
        // a missing unix socket is a plain SocketException, which DockerEngines.isUnreachable does not know
        if (DockerEngines.isUnreachable(failure) || hasCause(failure, IOException.class)) {
            return ImageBuildException.engineUnreachable(image, "The build engine " + this.buildEngine
                    + " cannot be reached during " + step + ": " + failure.getMessage(), failure);
        }
        return new IllegalStateException("the build engine failed during " + step + " of " + image + ": "
                + failure.getMessage(), failure);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The image stays in the registry; on the engine only the layer cache is kept (no prune of the parents). */
    private void removeLocalTag(String image) {
        try (DockerClient engine = DockerEngines.connect(EngineConnection.control(this.buildEngine))) {
            engine.removeImageCmd(image).withNoPrune(true).exec();
        }
        catch (NotFoundException ex) {
            // the build failed before tagging
        }
        catch (IOException | RuntimeException ex) {
            if (hasCause(ex, IOException.class)) {
                // the engine is gone; the build failure says so already
                log.debug("Could not remove the local tag {} from the build engine: {}", image, ex.toString());
            }
            else {
                log.warn("Could not remove the local tag {} from the build engine: {}", image, ex.toString());
            }
        }
    }

    /** The build's outcome: the image id the engine reports at the end, its last lines and error. */
    private static final class BuildOutput extends EngineProgress<BuildResponseItem> {

        private static final String BUILT = "Successfully built ";

        private volatile String imageId;

        BuildOutput() {
            super(OUTPUT_LINES);
        }

        @Override
        protected void progress(BuildResponseItem item) {
            if (item.getStream() != null && item.getStream().startsWith(BUILT)) {
                this.imageId = item.getStream().substring(BUILT.length()).strip();
            }
        }

    }

    /** Which layers the registry did not have ("Pushed") and which it had ("Layer already exists"). */
    private static final class PushProgress extends EngineProgress<PushResponseItem> {

        private final Map<String, String> layerStatus = new ConcurrentHashMap<>();

        private volatile String digest;

        PushProgress() {
            super(OUTPUT_LINES);
        }

        @Override
        protected void progress(PushResponseItem item) {
            if (item.getAux() != null && item.getAux().getDigest() != null) {
                this.digest = item.getAux().getDigest();
            }
            if (item.getId() != null && item.getStatus() != null) {
                this.layerStatus.put(item.getId(), item.getStatus());
            }
        }

        int pushedLayers() {
            return (int) this.layerStatus.values().stream().filter("Pushed"::equals).count();
        }

    }

}
