package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.cloud.tools.jib.api.ImageReference;
import io.iotdeploy.device.ContainerLabels;
import io.iotdeploy.device.ContainerNames;

/**
 * Everything that goes into one image, validated: whose it is, the application, the base, the build commands and
 * the platform.
 *
 * @param owner       the user; first component of the repository path and the owner label
 * @param app         the application name, lower-cased; the repository name and the application label
 * @param base        the base image, with its registry
 * @param runCommands one {@code RUN} step each; empty for an image built without a Docker Engine
 * @param platform    e.g. {@code linux/arm64}
 * @param archive     what the application file is
 */
record ImageRecipe(String owner, String app, ImageReference base, List<String> runCommands, String platform,
        AppArchive archive) {

    private static final int TAG_HEX_DIGITS = 16;

    /**
     * @return the application name as it appears in the repository path, lower-cased
     * @throws ImageBuildException (400) when {@code name} breaks Docker's container name rule or cannot be a
     *                             repository path component
     */
    static String appName(String owner, String name) {
        // the application name becomes the container's name on the device
        if (!ContainerNames.isValid(name)) {
            throw ImageBuildException.invalid("Invalid application name", "The application name "
                    + ContainerNames.mistake(name) + ".", null);
        }
        String app = name.toLowerCase(Locale.ROOT);
        if (!ImageReference.isValidRepository(owner + "/" + app)) {
            throw ImageBuildException.invalid("Invalid application name", "'" + name + "' cannot name an image "
                    + "repository (" + owner + "/" + app + "): '.', '_', '__' and '-' may only stand between letters "
                    + "and digits, and at most 128 characters.", null);
        }
        return app;
    }

    ImagePlatform imagePlatform() {
        return ImagePlatform.parse(this.platform);
    }

    /** The platform's operating system as registries name it, e.g. {@code linux}. */
    String os() {
        return imagePlatform().os();
    }

    /** The platform's CPU architecture as registries name it, e.g. {@code arm64}. */
    String architecture() {
        return imagePlatform().architecture();
    }

    List<String> entrypoint() {
        return List.of("java", "-jar", this.archive.pathInImage());
    }

    Map<String, String> labels() {
        return ContainerLabels.image(this.owner, this.app);
    }

    /**
     * The tag: the first 16 hex digits of the SHA-256 over the application and every setting that goes into the
     * image, so that an unchanged redeploy finds its image in the registry. Owner and name are in the repository
     * path already. The platform is not in it: the same upload with the same settings has one tag, a manifest list
     * with an entry per platform, so that every device pulls its own image by the same name.
     */
    String tag(Path application) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
        try (InputStream in = Files.newInputStream(application)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
        }
        // NUL-separated, so that moving text from one setting into the next changes the tag
        for (String setting : List.of(this.base.toString(), String.join("\n", this.runCommands),
                String.join(" ", entrypoint()))) {
            sha256.update((byte) 0);
            sha256.update(setting.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha256.digest()).substring(0, TAG_HEX_DIGITS);
    }

    /** The multi-architecture tag: the manifest list that devices of every platform pull. */
    ImageReference target(String privateRegistry, String tag) {
        return ImageReference.of(privateRegistry, this.owner + "/" + this.app, tag);
    }

    /** Where this platform's image itself is pushed, beside the list: {@code <tag>-<arch>}, e.g. {@code …-arm64}. */
    ImageReference platformTarget(String privateRegistry, String tag) {
        return ImageReference.of(privateRegistry, this.owner + "/" + this.app,
                tag + "-" + imagePlatform().tagSuffix());
    }

    /** The Dockerfile of thesis Listing 4.1: the base, one RUN per command, the application, its entrypoint. */
    String dockerfile() {
        StringBuilder dockerfile = new StringBuilder("FROM ").append(this.base).append('\n');
        this.runCommands.forEach((command) -> dockerfile.append("RUN ").append(command).append('\n'));
        dockerfile.append("ADD ").append(this.archive.fileName()).append(' ').append(this.archive.pathInImage())
            .append('\n');
        dockerfile.append("ENTRYPOINT [");
        List<String> entrypoint = entrypoint();
        for (int i = 0; i < entrypoint.size(); i++) {
            dockerfile.append(i > 0 ? "," : "").append('"').append(entrypoint.get(i)).append('"');
        }
        return dockerfile.append("]\n").toString();
    }

}
