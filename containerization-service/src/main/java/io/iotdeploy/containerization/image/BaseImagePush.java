package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.iotdeploy.containerization.image.RegistryClient.Manifest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts the base images that the launcher makes from Debian packages into a registry, without a Docker daemon
 * ({@code docker import --platform} of Docker 20.10 ignores the platform): each architecture's image as its own tag,
 * then one multi-architecture tag (a manifest list) over them. Run by {@link BaseImageCommand}.
 */
final class BaseImagePush {

    static final String DOCKER_IMAGE_CONFIG = "application/vnd.docker.container.image.v1+json";

    static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /** The images' date: the same root file system makes the same config. */
    private static final String CREATED = "1970-01-01T00:00:00Z";

    private final RegistryClient client;

    private final String registry;

    /** @param registry host:port of the registry, e.g. the upstream one {@code 10.77.0.1:5001} */
    BaseImagePush(RegistryClient client, String registry) {
        this.client = client;
        this.registry = registry;
    }

    /**
     * One single-platform image: the root file system as one gzip layer, an image config for linux/{@code
     * architecture}, and the manifest under {@code tag}. Blobs the repository has already are not pushed again.
     *
     * @param architecture a GOARCH name: {@code amd64}, {@code arm64}
     * @param marker       {@code null}, or the content of the layer's {@code /etc/iotdeploy-base-id}: a layer never
     *                     seen before (see {@link BaseImageLayer})
     * @return what was pushed, e.g. {@code 10.77.0.1:5001/base/java:17-arm64 linux/arm64 -> sha256:…}
     */
    String pushImage(String repository, String tag, String architecture, Path rootfs, String marker)
            throws IOException, InterruptedException {
        BaseImageLayer layer = BaseImageLayer.compress(rootfs, marker);
        try {
            this.client.pushBlob(this.registry, repository, layer.digest(),
                    HttpRequest.BodyPublishers.ofFile(layer.file()));
        }
        finally {
            Files.deleteIfExists(layer.file());
        }
        byte[] config = config(architecture, layer.diffId());
        String configDigest = RegistryClient.sha256(config);
        this.client.pushBlob(this.registry, repository, configDigest, HttpRequest.BodyPublishers.ofByteArray(config));
        String digest = this.client.putManifest(this.registry, repository, tag, RegistryClient.DOCKER_MANIFEST,
                manifest(config, layer));
        return this.registry + "/" + repository + ":" + tag + " linux/" + architecture + " -> " + digest;
    }

    /**
     * One multi-architecture tag (a Docker manifest list) over single-platform images already in the repository;
     * each entry's platform is the one its image's config names.
     *
     * @param sources the tags of the platform images, e.g. {@code 17-amd64}, {@code 17-arm64}
     * @return what was pushed, e.g. {@code 10.77.0.1:5001/base/java:17 -> sha256:… (amd64, arm64)}
     */
    String pushIndex(String repository, String tag, List<String> sources) throws IOException, InterruptedException {
        ManifestList list = ManifestList.EMPTY;
        for (String source : sources) {
            String image = repository + ":" + source;
            Manifest manifest = this.client.manifest(this.registry, repository, source)
                .orElseThrow(() -> new IOException("the registry " + this.registry + " has no " + image));
            if (!RegistryClient.DOCKER_MANIFEST.equals(manifest.mediaType())) {
                throw new IOException(image + " is not a single-platform image manifest (it is a "
                        + manifest.mediaType() + ")");
            }
            JsonNode config = this.client.config(this.registry, repository, manifest.json());
            JsonNode entry = ManifestList.entry(manifest, config)
                .orElseThrow(() -> new IOException("the config of " + image + " names no os and architecture"));
            ImagePlatform platform = ManifestList.platformOf(entry);
            Optional<JsonNode> twin = list.entryFor(platform);
            if (twin.isPresent()) {
                throw new IOException(image + " is a second image for " + platform + " (beside "
                        + ManifestList.digestOf(twin.get()) + "): a manifest list has one per platform");
            }
            list = list.with(entry);
        }
        String digest = this.client.putManifest(this.registry, repository, tag, RegistryClient.DOCKER_MANIFEST_LIST,
                list.toJson());
        List<String> architectures = list.manifests().stream()
            .map((entry) -> ManifestList.platformOf(entry).architecture())
            .toList();
        return this.registry + "/" + repository + ":" + tag + " -> " + digest + " ("
                + String.join(", ", architectures) + ")";
    }

    /**
     * The image config of a base image: Debian bookworm with OpenJDK 17 for linux/{@code architecture}, one layer.
     * Keys in sorted order, so that the same layer always makes the same config (and digest).
     */
    static byte[] config(String architecture, String diffId) {
        ObjectNode config = JsonMapper.shared().createObjectNode();
        config.put("architecture", architecture);
        ObjectNode runtime = config.putObject("config");
        runtime.putArray("Cmd").add("java").add("-version");
        runtime.putArray("Env")
            .add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
            .add("LANG=C.UTF-8")
            .add("JAVA_HOME=/usr/lib/jvm/java-17-openjdk-" + architecture);
        runtime.putObject("Labels")
            .put("org.opencontainers.image.description", "Debian bookworm with OpenJDK 17, made from Debian packages");
        config.put("created", CREATED);
        config.putArray("history").addObject()
            .put("created", CREATED)
            .put("created_by", "debootstrap --variant=minbase bookworm");
        config.put("os", "linux");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.putArray("diff_ids").add(diffId);
        rootfs.put("type", "layers");
        return JsonMapper.shared().writeValueAsBytes(config);
    }

    /** The image manifest (Docker image manifest v2) naming {@code config} and the one layer. */
    static byte[] manifest(byte[] config, BaseImageLayer layer) {
        ObjectNode manifest = JsonMapper.shared().createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", RegistryClient.DOCKER_MANIFEST);
        manifest.putObject("config")
            .put("mediaType", DOCKER_IMAGE_CONFIG)
            .put("size", config.length)
            .put("digest", RegistryClient.sha256(config));
        ArrayNode layers = manifest.putArray("layers");
        layers.addObject()
            .put("mediaType", DOCKER_LAYER)
            .put("size", layer.size())
            .put("digest", layer.digest());
        return JsonMapper.shared().writeValueAsBytes(manifest);
    }

}
