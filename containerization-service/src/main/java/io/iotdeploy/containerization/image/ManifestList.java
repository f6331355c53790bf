package io.iotdeploy.containerization.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.iotdeploy.containerization.image.RegistryClient.Manifest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Docker manifest list (or an OCI image index read as one): one entry per platform, each naming the platform's
 * manifest by media type, size and digest. Entries are kept as the registry had them (annotations, features and
 * all), ordered by platform, so that the same platform images make the same list whatever order they came in.
 *
 * @param manifests the entries
 */
record ManifestList(List<JsonNode> manifests) {

    static final ManifestList EMPTY = new ManifestList(List.of());

    private static final Comparator<JsonNode> BY_PLATFORM = Comparator.comparing(ManifestList::platformOf,
            Comparator.nullsLast(ImagePlatform.ORDER));

    ManifestList {
        manifests = List.copyOf(manifests);
    }

    /** The entries of a Docker manifest list or an OCI image index. */
    static ManifestList of(JsonNode list) {
        List<JsonNode> manifests = new ArrayList<>();
        list.path("manifests").values().forEach(manifests::add);
        return new ManifestList(manifests);
    }

    /**
     * @param mediaType the platform manifest's media type (Docker image manifest v2 or OCI image manifest)
     * @param size      the exact byte length of the platform manifest
     * @param digest    {@code sha256:…} of the platform manifest
     */
    static JsonNode entry(String mediaType, long size, String digest, ImagePlatform platform) {
        ObjectNode entry = JsonMapper.shared().createObjectNode();
        entry.put("mediaType", mediaType);
        entry.put("size", size);
        entry.put("digest", digest);
        ObjectNode platformNode = entry.putObject("platform");
        platformNode.put("architecture", platform.architecture());
        platformNode.put("os", platform.os());
        if (platform.variant() != null) {
            platformNode.put("variant", platform.variant());
        }
        return entry;
    }

    /**
     * The entry for a single image: media type, size and digest of its manifest, the platform its config names.
     *
     * @param config the image's config (os, architecture, variant)
     * @return empty when the config names no os or architecture (no client could select the entry)
     */
    static Optional<JsonNode> entry(Manifest image, JsonNode config) {
        return Optional.ofNullable(platformIn(config))
            .map((platform) -> entry(image.mediaType(), image.body().length, image.digest(), platform));
    }

    /** The entry's platform, or {@code null} for an entry without one (no client can select it). */
    static ImagePlatform platformOf(JsonNode entry) {
        return platformIn(entry.path("platform"));
    }

    /** The platform an image config or a list entry's {@code platform} names; {@code null} if it names none. */
    private static ImagePlatform platformIn(JsonNode platform) {
        String os = platform.path("os").asString("");
        String architecture = platform.path("architecture").asString("");
        if (os.isEmpty() || architecture.isEmpty()) {
            return null;
        }
        String variant = platform.path("variant").asString("");
        return new ImagePlatform(os, architecture, variant.isEmpty() ? null : variant);
    }

    static String digestOf(JsonNode entry) {
        return entry.path("digest").asString("");
    }

    Optional<JsonNode> entryFor(ImagePlatform platform) {
        return this.manifests.stream()
            .filter((entry) -> platformOf(entry) != null && platformOf(entry).sameAs(platform))
            .findFirst();
    }

    boolean hasDigest(String digest) {
        return this.manifests.stream().anyMatch((entry) -> digestOf(entry).equals(digest));
    }

    /** This list with {@code entry} in place of whatever entry its platform had; the other entries stay. */
    ManifestList with(JsonNode entry) {
        ImagePlatform platform = platformOf(entry);
        List<JsonNode> manifests = new ArrayList<>();
        for (JsonNode other : this.manifests) {
            ImagePlatform otherPlatform = platformOf(other);
            if (otherPlatform == null || !otherPlatform.sameAs(platform)) {
                manifests.add(other);
            }
        }
        manifests.add(entry);
        manifests.sort(BY_PLATFORM);
        return new ManifestList(manifests);
    }

    /** Whether both lists would be the same document (number node types and all aside). */
    boolean sameAs(ManifestList other) {
        return Arrays.equals(toJson(), other.toJson());
    }

    /** The platforms of the entries, e.g. {@code [linux/amd64, linux/arm64]}. */
    List<String> platforms() {
        return this.manifests.stream().map(ManifestList::platformOf).map(String::valueOf).toList();
    }

    /** The list as a Docker manifest list v2 document. */
    byte[] toJson() {
        ObjectNode list = JsonMapper.shared().createObjectNode();
        list.put("schemaVersion", 2);
        list.put("mediaType", RegistryClient.DOCKER_MANIFEST_LIST);
        ArrayNode manifests = list.putArray("manifests");
        this.manifests.forEach(manifests::add);
        return JsonMapper.shared().writeValueAsBytes(list);
    }

}
