package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.google.cloud.tools.jib.api.ImageReference;
import io.iotdeploy.containerization.ContainerizationServiceProperties;
import io.iotdeploy.token.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Turns an upload and its settings into an image for this instance's platform in the private registry, under a tag
 * that is a hash of everything that goes into it but the platform: the image is pushed as {@code <tag>-<arch>} and
 * entered into the manifest list at {@code <tag>}, which every platform's instance shares. An image the list already
 * has is neither built nor pushed.
 */
@Service
class ImageService {

    private static final Logger log = LoggerFactory.getLogger(ImageService.class);

    private final ContainerizationServiceProperties properties;

    private final RegistryClient registry;

    private final JibImageBuilder jib;

    private final EngineImageBuilder engine;

    private final MultiArchTags tags;

    private final TagLocks locks = new TagLocks();

    ImageService(ContainerizationServiceProperties properties) {
        this.properties = properties;
        RegistryCredentials credentials = new RegistryCredentials(properties.privateRegistry(),
                properties.registryLogin());
        this.registry = new RegistryClient(properties.timeouts().registry(), credentials);
        this.tags = new MultiArchTags(this.registry);
        this.jib = new JibImageBuilder(properties.jibCache(), credentials, this.registry,
                properties.timeouts().build().plus(properties.timeouts().push()));
        this.engine = new EngineImageBuilder(properties.buildEngine(), credentials, properties.timeouts().build(),
                properties.timeouts().push());
    }

    ImageBuild build(CurrentUser user, MultipartFile file, String name, String baseImage, String runCommands,
            String platform) throws IOException {
        if (!this.properties.platform().equals(platform)) {
            throw ImageBuildException.invalid("Wrong platform", "This instance builds images for "
                    + this.properties.platform() + ", not for " + platform + ".", null);
        }
        String app = ImageRecipe.appName(user.name(), name);
        ImageReference base = BaseImages.resolve(baseImage, this.properties.upstreamRegistry(),
                this.properties.privateRegistry(), user.name());
        List<String> commands = RunCommands.parse(runCommands);
        if (file == null || file.isEmpty()) {
            throw ImageBuildException.invalid("Invalid application file", "The upload has no file, or it is empty.",
                    null);
        }
        Path dir = Files.createTempDirectory("iotdeploy-image-");
        try {
            // the user's file name is never used: the application is app.jar or app.war in a directory of ours
            Path upload = dir.resolve("upload");
            file.transferTo(upload);
            // the content, before anything else is done with it: zip slip, zip bombs, no application
            AppArchive archive = AppArchive.inspect(upload, this.properties.upload());
            Path context = Files.createDirectory(dir.resolve("context"));
            Path application = Files.move(upload, context.resolve(archive.fileName()));
            ImageRecipe recipe = new ImageRecipe(user.name(), app, base, commands, platform, archive);
            String tag = recipe.tag(application);
            ImageReference list = recipe.target(this.properties.privateRegistry(), tag);
            ImageReference target = recipe.platformTarget(this.properties.privateRegistry(), tag);
            String dockerfile = commands.isEmpty() ? null : recipe.dockerfile();
            // one build of a tag at a time here; the other platforms' instances meet only in the list
            try (TagLocks.Held held = this.locks.lock(list.toString())) {
                return build(recipe, application, context, dir, list, target, dockerfile);
            }
        }
        finally {
            delete(dir);
        }
    }

    private ImageBuild build(ImageRecipe recipe, Path application, Path context, Path dir, ImageReference list,
            ImageReference target, String dockerfile) throws IOException {
        ImagePlatform platform = recipe.imagePlatform();
        Optional<String> listed = registryCall(list, () -> this.tags.imageFor(list, platform));
        if (listed.isPresent()) {
            log.info("{} has {} already: not built, not pushed", list, platform);
            return ImageBuild.existing(list.toString(), target.toString(), listed.get(), recipe.platform(),
                    dockerfile);
        }
        // pushed before, but the list update did not happen (a failure or a stop in between): only the list is due
        Optional<String> unlisted = registryCall(target, () -> this.registry.manifestDigest(target.getRegistry(),
                target.getRepository(), target.getQualifier()));
        if (unlisted.isPresent()) {
            registryCall(list, () -> this.tags.add(list, platform, unlisted.get()));
            log.info("{} was in the registry already, now in the list {}: not built, not pushed", target, list);
            return ImageBuild.existing(list.toString(), target.toString(), unlisted.get(), recipe.platform(),
                    dockerfile);
        }
        requireBaseImage(recipe);
        PushedImage pushed;
        if (dockerfile == null) {
            pushed = this.jib.build(recipe, application, dir.resolve("jib-application-layers"), target);
        }
        else {
            Files.writeString(context.resolve("Dockerfile"), dockerfile);
            pushed = this.engine.build(recipe, context, target);
        }
        long listStart = System.nanoTime();
        String listDigest = registryCall(list, () -> this.tags.add(list, platform, pushed.digest()));
        long listMillis = Duration.ofNanos(System.nanoTime() - listStart).toMillis();
        log.info("{} built in {} ms, pushed in {} ms ({} new layers), added to {} ({}) in {} ms", target,
                pushed.buildMillis(), pushed.pushMillis(), pushed.layersPushed(), list, listDigest, listMillis);
        return ImageBuild.pushed(list.toString(), target.toString(), recipe.platform(),
                pushed.withPushMillis(pushed.pushMillis() + listMillis), dockerfile);
    }

    /** A call to the private registry's HTTP API; its failure is a problem of the push step. */
    private <T> T registryCall(ImageReference image, RegistryCall<T> call) {
        try {
            return call.call();
        }
        catch (RegistryClient.ErrorAnswer ex) {
            throw ImageBuildException.registryFailed("push", image.toString(), "The private registry "
                    + image.getRegistry() + " refused a request for " + image + ": " + describe(ex), ex);
        }
        catch (IOException ex) {
            throw ImageBuildException.unreachable("push", image.toString(), "The private registry "
                    + image.getRegistry() + " cannot be reached for " + image + ": " + describe(ex), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the registry about " + image, ex);
        }
    }

    @FunctionalInterface
    private interface RegistryCall<T> {

        T call() throws IOException, InterruptedException;

    }

    /** Only the platform's own registries are asked first; jib and the engine judge images from elsewhere. */
    private void requireBaseImage(ImageRecipe recipe) {
        ImageReference base = recipe.base();
        if (!base.getRegistry().equals(this.properties.upstreamRegistry())
                && !base.getRegistry().equals(this.properties.privateRegistry())) {
            return;
        }
        try {
            this.registry.requireBaseImage(base, recipe.os(), recipe.architecture());
        }
        catch (IOException ex) {
            throw ImageBuildException.unreachable("build", base.toString(), "The registry " + base.getRegistry()
                    + " cannot be reached to get the base image " + base + ": " + describe(ex), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the base image " + base, ex);
        }
    }

    private static String describe(IOException ex) {
        return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
                try {
                    Files.delete(path);
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (IOException | UncheckedIOException ex) {
            log.warn("Could not delete the build directory {}: {}", dir, ex.toString());
        }
    }

}
