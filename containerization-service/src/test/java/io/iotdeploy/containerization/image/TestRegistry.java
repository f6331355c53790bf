package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.iotdeploy.device.TestWorld;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a user would check in the registry itself, through its HTTP API: is the image there, what is it. The private
 * registry is asked over HTTPS as its builder (push and pull), any other registry over HTTPS anonymously.
 */
final class TestRegistry {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static TestWorld world;

    private TestRegistry() {
    }

    /** The manifest's status code: 200 when the registry has the image, 404 when not. */
    static int manifestStatus(String image) throws Exception {
        return manifestResponse(image, RegistryClient.DOCKER_MANIFEST + ", " + RegistryClient.OCI_MANIFEST + ", "
                + RegistryClient.DOCKER_MANIFEST_LIST + ", " + RegistryClient.OCI_INDEX).statusCode();
    }

    /** The digest of a single image's manifest (not of a list). */
    static String manifestDigest(String image) throws Exception {
        return manifestResponse(image, RegistryClient.DOCKER_MANIFEST + ", " + RegistryClient.OCI_MANIFEST).headers()
            .firstValue("Docker-Content-Digest").orElseThrow();
    }

    /** The manifest list under {@code image}, as a client that understands lists asks for it. */
    static JsonNode manifestList(String image) throws Exception {
        HttpResponse<String> response = manifestResponse(image, RegistryClient.DOCKER_MANIFEST_LIST + ", "
                + RegistryClient.OCI_INDEX);
        if (response.statusCode() != 200) {
            throw new AssertionError("no manifest list for " + image + ": " + response.statusCode());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith(RegistryClient.DOCKER_MANIFEST_LIST) && !type.startsWith(RegistryClient.OCI_INDEX)) {
            throw new AssertionError(image + " is no manifest list but " + type + ": " + response.body());
        }
        return JsonMapper.shared().readTree(response.body());
    }

    /** The platforms of the manifest list under {@code image}, e.g. {@code linux/amd64}. */
    static List<String> platforms(String image) throws Exception {
        List<String> platforms = new ArrayList<>();
        for (JsonNode entry : manifestList(image).path("manifests").values()) {
            platforms.add(entry.path("platform").path("os").asString() + "/"
                    + entry.path("platform").path("architecture").asString());
        }
        return platforms;
    }

    /** The digest the manifest list under {@code image} names for {@code platform} ({@code linux/arm64}). */
    static Optional<String> listedDigest(String image, String platform) throws Exception {
        for (JsonNode entry : manifestList(image).path("manifests").values()) {
            if (platform.equals(entry.path("platform").path("os").asString() + "/"
                    + entry.path("platform").path("architecture").asString())) {
                return Optional.of(entry.path("digest").asString());
            }
        }
        return Optional.empty();
    }

    /** The image's config: architecture, os, config.Labels, config.Entrypoint, history. */
    static JsonNode config(String image) throws Exception {
        ImageReference reference = ImageReference.parse(image);
        HttpResponse<String> manifest = manifestResponse(image,
                RegistryClient.DOCKER_MANIFEST + ", " + RegistryClient.OCI_MANIFEST);
        if (manifest.statusCode() != 200) {
            throw new AssertionError("no manifest for " + image + ": " + manifest.statusCode());
        }
        String digest = JsonMapper.shared().readTree(manifest.body()).path("config").path("digest").asString();
        HttpResponse<String> config = http.send(request(reference.getRegistry(), "/v2/" + reference.getRepository()
                + "/blobs/" + digest).build(), HttpResponse.BodyHandlers.ofString());
        return JsonMapper.shared().readTree(config.body());
    }

    /**
     * Pushes a tiny image of no layers for {@code platform} (os/architecture) under {@code image}, as another tool
     * or another instance might have pushed it.
     *
     * @return its manifest digest
     */
    static String pushEmptyImage(String image, String os, String architecture) throws Exception {
        ImageReference reference = ImageReference.parse(image);
        String base = "/v2/" + reference.getRepository();
        byte[] config = ("{\"architecture\":\"" + architecture + "\",\"os\":\"" + os
                + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = RegistryClient.sha256(config);
        HttpResponse<Void> started = http.send(request(reference.getRegistry(), base + "/blobs/uploads/")
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        String location = started.headers().firstValue("Location").orElseThrow();
        URI uploadUri = URI.create(location);
        String upload = uploadUri.getRawPath() + "?" + ((uploadUri.getRawQuery() != null)
                ? uploadUri.getRawQuery() + "&" : "") + "digest=" + configDigest;
        expect(http.send(request(reference.getRegistry(), upload).PUT(HttpRequest.BodyPublishers.ofByteArray(config))
            .header("Content-Type", "application/octet-stream").build(),
                HttpResponse.BodyHandlers.ofString()), 201);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + RegistryClient.DOCKER_MANIFEST
                + "\",\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
        expect(http.send(request(reference.getRegistry(), base + "/manifests/" + reference.getQualifier())
            .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
            .header("Content-Type", RegistryClient.DOCKER_MANIFEST).build(),
                HttpResponse.BodyHandlers.ofString()), 201);
        return RegistryClient.sha256(manifest);
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    private static HttpResponse<String> manifestResponse(String image, String accept)
            throws IOException, InterruptedException, InvalidImageReferenceException {
        ImageReference reference = ImageReference.parse(image);
        return http.send(request(reference.getRegistry(), "/v2/" + reference.getRepository() + "/manifests/"
                + reference.getQualifier())
            .header("Accept", accept)
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The private registry as its builder; another registry (the upstream one) anonymously; both over HTTPS. */
    private static synchronized HttpRequest.Builder request(String registry, String path) {
        if (world == null) {
            world = TestWorld.load();
        }
        if (registry.equals(world.privateRegistry())) {
            return HttpRequest.newBuilder(world.privateRegistryUri(path))
                .header("Authorization", world.registryAuthorization("builder"))
                .timeout(Duration.ofSeconds(10));
        }
        return HttpRequest.newBuilder(URI.create("https://" + registry + path)).timeout(Duration.ofSeconds(10));
    }

}
