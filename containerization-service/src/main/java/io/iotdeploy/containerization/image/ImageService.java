package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * that is a hash of everything that goes into it: an image the registry already has is neither built nor pushed.
 */
@Service
class ImageService {

    private static final Logger log = LoggerFactory.getLogger(ImageService.class);

    private final ContainerizationServiceProperties properties;

    private final RegistryClient registry;

    private final JibImageBuilder jib;

    private final EngineImageBuilder engine;

    ImageService(ContainerizationServiceProperties properties) {
        this.properties = properties;
        this.registry = new RegistryClient(properties.timeouts().registry());
        this.jib = new JibImageBuilder(properties.jibCache(), properties.privateRegistry(),
                properties.timeouts().build().plus(properties.timeouts().push()));
        this.engine = new EngineImageBuilder(properties.buildEngine(), properties.timeouts().build(),
                properties.timeouts().push());
    }

    ImageBuild build(CurrentUser user, MultipartFile file, String name, String baseImage, String runCommands,
            String platform) throws IOException {
        if (!this.properties.platform().equals(platform)) {
            throw ImageBuildException.invalid("Wrong platform", "This instance builds images for "
                    + this.properties.platform() + ", not for " + platform + ".", null);
        }
        String app = ImageRecipe.appName(user.name(), name);
        ImageReference base = BaseImages.resolve(baseImage, this.properties.upstreamRegistry());
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
            AppArchive archive = AppArchive.inspect(upload);
            Path context = Files.createDirectory(dir.resolve("context"));
            Path application = Files.move(upload, context.resolve(archive.fileName()));
            ImageRecipe recipe = new ImageRecipe(user.name(), app, base, commands, platform, archive);
            ImageReference target = recipe.target(this.properties.privateRegistry(), recipe.tag(application));
            String dockerfile = commands.isEmpty() ? null : recipe.dockerfile();

            Optional<String> existing = existingDigest(target);
            if (existing.isPresent()) {
                log.info("{} is in the registry already: not built, not pushed", target);
                return ImageBuild.existing(target.toString(), existing.get(), platform, dockerfile);
            }
            requireBaseImage(recipe);
            PushedImage pushed;
            if (commands.isEmpty()) {
                pushed = this.jib.build(recipe, application, dir.resolve("jib-application-layers"), target);
            }
            else {
                Files.writeString(context.resolve("Dockerfile"), dockerfile);
                pushed = this.engine.build(recipe, context, target);
            }
            log.info("{} built in {} ms, pushed in {} ms ({} new layers)", target, pushed.buildMillis(),
                    pushed.pushMillis(), pushed.layersPushed());
            return ImageBuild.pushed(target.toString(), platform, pushed, dockerfile);
        }
        finally {
            delete(dir);
        }
    }

    private Optional<String> existingDigest(ImageReference target) {
        try {
            return this.registry.manifestDigest(target);
        }
        catch (IOException ex) {
            throw ImageBuildException.unreachable("push", target.toString(), "The private registry "
                    + target.getRegistry() + " cannot be reached to check for " + target + ": " + describe(ex), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking for " + target, ex);
        }
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
