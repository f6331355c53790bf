package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.util.Optional;

import com.google.cloud.tools.jib.api.ImageReference;
import io.iotdeploy.containerization.image.RegistryClient.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The multi-architecture tags in the private registry. One upload with one set of settings has one tag,
 * {@code <repository>:<tag>}, a manifest list with an entry per platform; each platform's image is pushed beside it
 * as {@code <repository>:<tag>-<arch>}, which is also what the list is repaired from.
 *
 * <p>Each containerization instance updates the list for its own platform, and two of them may do so at the same
 * moment; the registry has no conditional PUT. So an update reads the list, adds its own entry and every platform
 * image under {@code <tag>-*} that the list lacks, puts it, and reads again, until a read finds nothing missing.
 * Whoever puts last has, in its read after its put, seen every platform image pushed before that put, and so puts
 * again if its list dropped one: the list ends up with every platform whose instance got as far as its update.
 */
class MultiArchTags {

    private static final Logger log = LoggerFactory.getLogger(MultiArchTags.class);

    /** How many times one update puts the list at most before it gives up. */
    static final int ATTEMPTS = 5;

    private final RegistryClient registry;

    MultiArchTags(RegistryClient registry) {
        this.registry = registry;
    }

    /**
     * @return the digest of {@code platform}'s image if the list at {@code list} has an entry for it and the
     *         registry still has that image's manifest
     */
    Optional<String> imageFor(ImageReference list, ImagePlatform platform) throws IOException, InterruptedException {
        Optional<JsonNode> entry = read(list).list().entryFor(platform);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        String digest = ManifestList.digestOf(entry.get());
        return this.registry.manifestDigest(list.getRegistry(), list.getRepository(), digest).map((found) -> digest);
    }

    /**
     * Creates the list at {@code list} or adds {@code platform}'s entry to it (replacing the platform's old entry);
     * the other platforms' entries stay.
     *
     * @param digest the digest of {@code platform}'s image, already in the list's repository
     * @return the list's digest
     * @throws ImageBuildException (502, step {@code push}) when the list kept changing under every attempt
     */
    String add(ImageReference list, ImagePlatform platform, String digest) throws IOException, InterruptedException {
        JsonNode own = entry(list, digest, platform)
            .orElseThrow(() -> new IOException("the registry " + list.getRegistry() + " has no manifest " + digest
                    + " in " + list.getRepository() + " for " + platform));
        for (int puts = 0;; puts++) {
            Current current = read(list);
            ManifestList wanted = withPlatformImages(current.list().with(own), list);
            if (current.isList() && wanted.sameAs(current.list())) {
                return current.digest();
            }
            if (puts > 0) {
                log.info("{} changed while it was updated for {} (it has {}, it needs {}): putting it again", list,
                        platform, current.list().platforms(), wanted.platforms());
            }
            if (puts == ATTEMPTS) {
                throw ImageBuildException.registryFailed("push", list.toString(), "The manifest list " + list
                        + " kept changing while the entry for " + platform + " was added (" + ATTEMPTS
                        + " attempts); the image itself is in the registry as " + list.getRepository() + ":"
                        + list.getTag().orElse("") + "-" + platform.tagSuffix() + ".", null);
            }
            this.registry.putManifestList(list, wanted.toJson());
        }
    }

    /** The list under the tag; a single image's manifest there counts as a list of that one image. */
    private Current read(ImageReference list) throws IOException, InterruptedException {
        Optional<Manifest> manifest = this.registry.manifest(list.getRegistry(), list.getRepository(),
                list.getQualifier());
        if (manifest.isEmpty()) {
            return new Current(ManifestList.EMPTY, false, null);
        }
        Manifest found = manifest.get();
        if (found.isList()) {
            return new Current(ManifestList.of(found.json()), true, found.digest());
        }
        if (found.isImage()) {
            ManifestList single = image(list, found).map(ManifestList.EMPTY::with).orElse(ManifestList.EMPTY);
            return new Current(single, false, found.digest());
        }
        throw new IOException("the registry " + list.getRegistry() + " has a " + found.mediaType() + " under "
                + list + ", neither an image nor a manifest list");
    }

    /** {@code list} with an entry for each platform image under {@code <tag>-*} whose digest it does not name. */
    private ManifestList withPlatformImages(ManifestList list, ImageReference reference)
            throws IOException, InterruptedException {
        String prefix = reference.getTag().orElseThrow() + "-";
        ManifestList complete = list;
        for (String tag : this.registry.tags(reference.getRegistry(), reference.getRepository())) {
            if (!tag.startsWith(prefix)) {
                continue;
            }
            Optional<String> digest = this.registry.manifestDigest(reference.getRegistry(),
                    reference.getRepository(), tag);
            if (digest.isEmpty() || complete.hasDigest(digest.get())) {
                continue;
            }
            Optional<JsonNode> entry = entry(reference, digest.get(), null);
            if (entry.isPresent()) {
                complete = complete.with(entry.get());
            }
        }
        return complete;
    }

    /**
     * The list entry for the image with {@code digest}: its media type and size from its manifest, its platform as
     * given or, when {@code null}, from its config. Empty when there is no such image.
     */
    private Optional<JsonNode> entry(ImageReference list, String digest, ImagePlatform platform)
            throws IOException, InterruptedException {
        Optional<Manifest> manifest = this.registry.manifest(list.getRegistry(), list.getRepository(), digest);
        if (manifest.isEmpty() || !manifest.get().isImage()) {
            return Optional.empty();
        }
        if (platform == null) {
            return image(list, manifest.get());
        }
        return Optional.of(ManifestList.entry(manifest.get().mediaType(), manifest.get().body().length,
                manifest.get().digest(), platform));
    }

    /** The entry for a single image's manifest, with the platform its config names; empty if it names none. */
    private Optional<JsonNode> image(ImageReference list, Manifest manifest) throws IOException, InterruptedException {
        return ManifestList.entry(manifest, this.registry.config(list.getRegistry(), list.getRepository(),
                manifest.json()));
    }

    /**
     * @param isList whether the tag holds a manifest list (not nothing, not a single image)
     * @param digest the digest of what the tag holds, {@code null} for nothing
     */
    private record Current(ManifestList list, boolean isList, String digest) {
    }

}
