package io.iotdeploy.deployment.image;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import com.github.dockerjava.api.model.Image;

/**
 * Whose an image on a device is. The platform pushes every user's images to their own repositories in the private
 * registry ({@code 10.77.0.1:5000/alice/sensor}), so the references an image carries on a device say whose it is:
 * an image with references under another user's repositories only is theirs, and stays out of sight (a device may
 * be registered by several users). An image without any reference into the private registry (pulled or built by
 * hand on the device) belongs to the device, as a container made by hand does.
 *
 * @param registry the private registry, {@code host:port}
 */
record ImageOwnership(String registry) {

    ImageOwnership {
        Objects.requireNonNull(registry, "registry");
    }

    /** The user whose repository {@code reference} is in, or {@code null} for a reference outside the registry. */
    String ownerOf(String reference) {
        String prefix = this.registry + "/";
        if (reference == null || !reference.startsWith(prefix)) {
            return null;
        }
        String path = reference.substring(prefix.length());
        int slash = path.indexOf('/');
        return (slash > 0) ? path.substring(0, slash) : null;
    }

    /** The users with references to the image in the private registry; empty for an image made by hand. */
    Set<String> owners(Image image) {
        Set<String> owners = new LinkedHashSet<>();
        references(image).map(this::ownerOf).filter(Objects::nonNull).forEach(owners::add);
        return owners;
    }

    boolean isVisibleTo(Image image, String user) {
        Set<String> owners = owners(image);
        return owners.isEmpty() || owners.contains(user);
    }

    /** The image's tags the user may see: theirs and those outside the registry, never another user's. */
    List<String> visibleTags(Image image, String user) {
        return tags(image).filter((tag) -> {
            String owner = ownerOf(tag);
            return owner == null || owner.equals(user);
        }).toList();
    }

    /** The user's own tags and digests of the image (what removing it takes away while others still have it). */
    List<String> ownReferences(Image image, String user) {
        return references(image).filter((reference) -> user.equals(ownerOf(reference))).toList();
    }

    private static Stream<String> tags(Image image) {
        return (image.getRepoTags() != null)
                ? Arrays.stream(image.getRepoTags()).filter((tag) -> !tag.equals("<none>:<none>")) : Stream.empty();
    }

    private static Stream<String> references(Image image) {
        Stream<String> digests = (image.getRepoDigests() != null) ? Arrays.stream(image.getRepoDigests())
            .filter((digest) -> !digest.startsWith("<none>")) : Stream.empty();
        return Stream.concat(tags(image), digests);
    }

}
