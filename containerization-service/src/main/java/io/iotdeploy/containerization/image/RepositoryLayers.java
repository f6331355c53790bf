package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.cloud.tools.jib.api.ImageReference;
import tools.jackson.databind.JsonNode;

/**
 * How many layers a build added to a repository: the layers of its new image that no earlier image of the
 * repository for the same platform had. jib's API says nothing about what it uploaded, so this asks the registry:
 * the earlier images are listed before the build, their layers read after it, and only as far as needed (the
 * reading stops once every layer of the new image is accounted for).
 */
final class RepositoryLayers {

    private final RegistryClient registry;

    private final ImageReference target;

    private final List<String> earlierTags;

    private RepositoryLayers(RegistryClient registry, ImageReference target, List<String> earlierTags) {
        this.registry = registry;
        this.target = target;
        this.earlierTags = earlierTags;
    }

    /**
     * The repository's images for the target's platform (same tag suffix) as they are before the build.
     * @param platformSuffix e.g. {@code -amd64}, the suffix of every single-platform tag of that platform
     */
    static RepositoryLayers before(RegistryClient registry, ImageReference target, String platformSuffix)
            throws IOException, InterruptedException {
        List<String> earlier = new ArrayList<>();
        for (String tag : registry.tags(target.getRegistry(), target.getRepository())) {
            if (tag.endsWith(platformSuffix) && !tag.equals(target.getQualifier())) {
                earlier.add(tag);
            }
        }
        return new RepositoryLayers(registry, target, earlier);
    }

    /** The layers of the image {@code digest} (now in the repository) that none of the earlier images had. */
    int added(String digest) throws IOException, InterruptedException {
        Set<String> missing = layers(digest);
        for (String tag : this.earlierTags) {
            if (missing.isEmpty()) {
                break;
            }
            missing.removeAll(layers(tag));
        }
        return missing.size();
    }

    private Set<String> layers(String reference) throws IOException, InterruptedException {
        Set<String> layers = new HashSet<>();
        RegistryClient.Manifest manifest = this.registry
            .manifest(this.target.getRegistry(), this.target.getRepository(), reference)
            .orElse(null);
        // a tag removed meanwhile, or a list under a platform's suffix: it contributes no layers
        if (manifest == null || !manifest.isImage()) {
            return layers;
        }
        for (JsonNode layer : manifest.json().path("layers").values()) {
            layers.add(layer.path("digest").asString());
        }
        return layers;
    }

}
