package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.cloud.tools.jib.api.ImageReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry HTTP API (distribution v2) of the platform's own registries, which speak plain HTTP without
 * authentication: does an image exist, and does a base image have the platform's variant.
 */
class RegistryClient {

    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    private static final String ANY_MANIFEST = String.join(", ", DOCKER_MANIFEST, OCI_MANIFEST, DOCKER_MANIFEST_LIST,
            OCI_INDEX);

    private final HttpClient http;

    private final Duration timeout;

    RegistryClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    }

    /**
     * @return the manifest digest of {@code image} if the registry has it
     * @throws IOException when the registry cannot be reached or answers with an error
     */
    Optional<String> manifestDigest(ImageReference image) throws IOException, InterruptedException {
        HttpResponse<Void> response = this.http.send(request(manifestUri(image)).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response, image);
        return Optional.of(response.headers().firstValue("Docker-Content-Digest").orElse(""));
    }

    /**
     * Checks that the base image exists and has an image for {@code os}/{@code architecture}, so that neither jib
     * nor the build engine starts on a base they cannot use, and no image for the wrong CPU reaches a device.
     *
     * @throws ImageBuildException (404) naming the image when it or its variant for the platform is missing
     * @throws IOException         when the registry cannot be reached or answers with an error
     */
    void requireBaseImage(ImageReference base, String os, String architecture)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response = this.http.send(request(manifestUri(base)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            throw ImageBuildException.baseImageNotFound(base.toString(),
                    "The base image " + base + " does not exist in the registry " + base.getRegistry() + ".");
        }
        expectOk(response, base);
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode manifest = JsonMapper.shared().readTree(response.body());
        String wanted = os + "/" + architecture;
        if (type.startsWith(DOCKER_MANIFEST_LIST) || type.startsWith(OCI_INDEX)) {
            List<String> offered = new ArrayList<>();
            for (JsonNode entry : manifest.path("manifests").values()) {
                offered.add(entry.path("platform").path("os").asString("") + "/"
                        + entry.path("platform").path("architecture").asString(""));
            }
            if (!offered.contains(wanted)) {
                throw ImageBuildException.baseImageNotFound(base.toString(), "The base image " + base
                        + " has no image for " + wanted + " (it has " + String.join(", ", offered) + ").");
            }
        }
        else if (type.startsWith(DOCKER_MANIFEST) || type.startsWith(OCI_MANIFEST)) {
            String configDigest = manifest.path("config").path("digest").asString("");
            HttpResponse<byte[]> config = this.http.send(request(URI.create("http://" + base.getRegistry() + "/v2/"
                    + base.getRepository() + "/blobs/" + configDigest)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            expectOk(config, base);
            JsonNode configJson = JsonMapper.shared().readTree(config.body());
            String has = configJson.path("os").asString("") + "/" + configJson.path("architecture").asString("");
            if (!has.equals(wanted)) {
                throw ImageBuildException.baseImageNotFound(base.toString(), "The base image " + base
                        + " is an image for " + has + " only, not for " + wanted + ".");
            }
        }
    }

    private static URI manifestUri(ImageReference image) {
        return URI.create("http://" + image.getRegistry() + "/v2/" + image.getRepository() + "/manifests/"
                + image.getQualifier());
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(this.timeout).header("Accept", ANY_MANIFEST);
    }

    private static void expectOk(HttpResponse<?> response, ImageReference image) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("the registry " + image.getRegistry() + " answered " + response.statusCode()
                    + " to " + response.request().method() + " " + response.uri() + " for " + image);
        }
    }

}
