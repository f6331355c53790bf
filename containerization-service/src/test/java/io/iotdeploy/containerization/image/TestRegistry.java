package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a user would check in the registry itself, through its HTTP API: is the image there, what is it. */
final class TestRegistry {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestRegistry() {
    }

    /** The manifest's status code: 200 when the registry has the image, 404 when not. */
    static int manifestStatus(String image) throws Exception {
        return manifestResponse(image).statusCode();
    }

    static String manifestDigest(String image) throws Exception {
        return manifestResponse(image).headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    /** The image's config: architecture, os, config.Labels, config.Entrypoint, history. */
    static JsonNode config(String image) throws Exception {
        ImageReference reference = ImageReference.parse(image);
        HttpResponse<String> manifest = manifestResponse(image);
        if (manifest.statusCode() != 200) {
            throw new AssertionError("no manifest for " + image + ": " + manifest.statusCode());
        }
        String digest = JsonMapper.shared().readTree(manifest.body()).path("config").path("digest").asString();
        HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create("http://" + reference.getRegistry()
                + "/v2/" + reference.getRepository() + "/blobs/" + digest)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JsonMapper.shared().readTree(config.body());
    }

    private static HttpResponse<String> manifestResponse(String image)
            throws IOException, InterruptedException, InvalidImageReferenceException {
        ImageReference reference = ImageReference.parse(image);
        return http.send(HttpRequest.newBuilder(URI.create("http://" + reference.getRegistry() + "/v2/"
                + reference.getRepository() + "/manifests/" + reference.getQualifier()))
            .header("Accept", RegistryClient.DOCKER_MANIFEST + ", " + RegistryClient.OCI_MANIFEST)
            .timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

}
