package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.google.cloud.tools.jib.api.ImageReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry HTTP API (distribution v2) of the platform's own registries: does an image exist, does a base image
 * have the platform's variant, and the manifests, tags and manifest lists of the multi-architecture tags; blobs and
 * manifests are pushed through it too (the launcher's base images, {@link BaseImageCommand}). The private registry
 * and the upstream one (Docker Hub's stand-in) speak HTTPS, trusted through the JVM's trust store or a given TLS
 * context; the credentials (HTTP Basic) go to their own registry only, every other registry is read anonymously.
 */
class RegistryClient {

    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    private static final String ANY_MANIFEST = String.join(", ", DOCKER_MANIFEST, OCI_MANIFEST, DOCKER_MANIFEST_LIST,
            OCI_INDEX);

    /** How many pages of a repository's tag list are read at most (the registry's page size is its own). */
    private static final int TAG_PAGES = 100;

    /**
     * How often a manifest read that the registry answered with a server error is tried again. The filesystem
     * storage of distribution writes a tag's link file in place, so a read while another instance puts the same tag
     * can find it half written ("invalid checksum digest format", 500).
     */
    private static final int READ_RETRIES = 4;

    private static final Duration READ_RETRY_PAUSE = Duration.ofMillis(50);

    private static final Pattern NEXT_PAGE = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final HttpClient http;

    private final Duration timeout;

    private final RegistryCredentials credentials;

    /** @param credentials for the private registry; any other registry is read anonymously */
    RegistryClient(Duration timeout, RegistryCredentials credentials) {
        this(timeout, credentials, HttpClient.newBuilder());
    }

    /**
     * @param credentials for the registry they name; any other registry is read anonymously
     * @param tls         whom to trust instead of the JVM's trust store (e.g. only the platform CA)
     */
    RegistryClient(Duration timeout, RegistryCredentials credentials, SSLContext tls) {
        this(timeout, credentials, HttpClient.newBuilder().sslContext(tls));
    }

    private RegistryClient(Duration timeout, RegistryCredentials credentials, HttpClient.Builder http) {
        this.timeout = timeout;
        this.credentials = credentials;
        this.http = http.connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
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
            JsonNode configJson = config(base.getRegistry(), base.getRepository(), manifest);
            String has = configJson.path("os").asString("") + "/" + configJson.path("architecture").asString("");
            if (!has.equals(wanted)) {
                throw ImageBuildException.baseImageNotFound(base.toString(), "The base image " + base
                        + " is an image for " + has + " only, not for " + wanted + ".");
            }
        }
    }

    /**
     * A manifest as the registry stores it: a single image's manifest or a manifest list (image index).
     *
     * @param mediaType the registry's Content-Type, without parameters
     * @param body      the exact bytes: their length is the size, their SHA-256 the digest
     * @param digest    {@code sha256:<hex>} of the body
     */
    record Manifest(String mediaType, byte[] body, String digest) {

        boolean isList() {
            return DOCKER_MANIFEST_LIST.equals(this.mediaType) || OCI_INDEX.equals(this.mediaType);
        }

        boolean isImage() {
            return DOCKER_MANIFEST.equals(this.mediaType) || OCI_MANIFEST.equals(this.mediaType);
        }

        JsonNode json() {
            return JsonMapper.shared().readTree(this.body);
        }

    }

    /**
     * @param reference a tag or a digest
     * @return the manifest, or empty when the registry has none under {@code reference}
     * @throws IOException when the registry cannot be reached or answers with an error
     */
    Optional<Manifest> manifest(String registry, String repository, String reference)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response = read(request(manifestUri(registry, repository, reference)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response, registry, repository + ":" + reference);
        String type = response.headers().firstValue("Content-Type").orElse("");
        int parameters = type.indexOf(';');
        String mediaType = ((parameters >= 0) ? type.substring(0, parameters) : type).strip();
        return Optional.of(new Manifest(mediaType, response.body(), sha256(response.body())));
    }

    /** The digest of the manifest under a tag or digest, or empty when there is none. */
    Optional<String> manifestDigest(String registry, String repository, String reference)
            throws IOException, InterruptedException {
        HttpResponse<Void> response = read(request(manifestUri(registry, repository, reference))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response, registry, repository + ":" + reference);
        Optional<String> digest = response.headers().firstValue("Docker-Content-Digest");
        if (digest.isEmpty()) {
            // a registry that does not say: the digest of the bytes is the digest
            return manifest(registry, repository, reference).map(Manifest::digest);
        }
        return digest;
    }

    /**
     * Puts a Docker manifest list (manifest list v2) under the tag of {@code list}. The registry checks that every
     * manifest it names is in the same repository.
     *
     * @return the list's digest
     */
    String putManifestList(ImageReference list, byte[] body) throws IOException, InterruptedException {
        return putManifest(list.getRegistry(), list.getRepository(), list.getQualifier(), DOCKER_MANIFEST_LIST, body);
    }

    /**
     * Puts a manifest (an image's or a list) under {@code tag}. The registry checks that the blobs or manifests it
     * names are in the repository.
     *
     * @param mediaType the manifest's media type, e.g. {@link #DOCKER_MANIFEST}
     * @return the manifest's digest
     */
    String putManifest(String registry, String repository, String tag, String mediaType, byte[] body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = this.http.send(authorized(registry, manifestUri(registry, repository, tag))
            .header("Content-Type", mediaType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new ErrorAnswer("the registry " + registry + " answered " + response.statusCode()
                    + " to PUT " + response.uri() + ": " + response.body());
        }
        return response.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(body));
    }

    /** Whether the repository has the blob (a layer or an image config) with {@code digest}. */
    boolean hasBlob(String registry, String repository, String digest) throws IOException, InterruptedException {
        HttpResponse<Void> response = read(authorized(registry, blobUri(registry, repository, digest))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return false;
        }
        expectOk(response, registry, repository + "@" + digest);
        return true;
    }

    /**
     * Puts a blob into the repository unless it has it already, in one piece (the "monolithic" upload: a POST that
     * opens the upload, one PUT with the content and its digest, which the registry checks).
     *
     * @param content the blob's bytes, whose SHA-256 is {@code digest}
     * @return whether it was uploaded; {@code false} when the repository had it
     */
    boolean pushBlob(String registry, String repository, String digest, HttpRequest.BodyPublisher content)
            throws IOException, InterruptedException {
        if (hasBlob(registry, repository, digest)) {
            return false;
        }
        HttpResponse<String> opened = this.http.send(authorized(registry, uri(registry, "/v2/" + repository
                + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        String location = opened.headers().firstValue("Location").orElse(null);
        if (opened.statusCode() != 202 || location == null) {
            throw new ErrorAnswer("the registry " + registry + " answered " + opened.statusCode() + " to POST "
                    + opened.uri() + " (an upload to " + repository + "): " + opened.body());
        }
        URI upload = uri(registry, "/").resolve(location);
        if (!"https".equals(upload.getScheme()) || !registry.equals(upload.getRawAuthority())) {
            throw new ErrorAnswer("the registry " + registry + " moved the upload for " + repository + " to "
                    + location + ": the credentials go to " + registry + " only, over HTTPS");
        }
        URI put = URI.create(upload + ((upload.getRawQuery() != null) ? "&" : "?") + "digest=" + digest);
        HttpResponse<String> uploaded = this.http.send(authorized(registry, put)
            .header("Content-Type", "application/octet-stream")
            .PUT(content)
            .build(), HttpResponse.BodyHandlers.ofString());
        if (uploaded.statusCode() != 201) {
            throw new ErrorAnswer("the registry " + registry + " answered " + uploaded.statusCode() + " to PUT "
                    + upload.getPath() + " (blob " + digest + " for " + repository + "): " + uploaded.body());
        }
        return true;
    }

    /** The repository's tags; empty when the registry does not know the repository. */
    List<String> tags(String registry, String repository) throws IOException, InterruptedException {
        List<String> tags = new ArrayList<>();
        URI page = uri(registry, "/v2/" + repository + "/tags/list");
        for (int pages = 0; page != null && pages < TAG_PAGES; pages++) {
            HttpResponse<byte[]> response = this.http.send(authorized(registry, page).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return tags;
            }
            expectOk(response, registry, repository);
            JsonNode body = JsonMapper.shared().readTree(response.body());
            for (JsonNode tag : body.path("tags").values()) {
                tags.add(tag.asString());
            }
            page = response.headers().firstValue("Link").map(NEXT_PAGE::matcher).filter(Matcher::find)
                .map((next) -> page(registry, next.group(1))).orElse(null);
        }
        return tags;
    }

    /** The image config (os, architecture, variant, config, history) that a single image's manifest names. */
    JsonNode config(String registry, String repository, JsonNode manifest) throws IOException, InterruptedException {
        String configDigest = manifest.path("config").path("digest").asString("");
        HttpResponse<byte[]> config = this.http.send(request(blobUri(registry, repository, configDigest)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        expectOk(config, registry, repository + "@" + configDigest);
        return JsonMapper.shared().readTree(config.body());
    }

    /** A read, tried again after a short pause while the registry answers it with a server error. */
    private <T> HttpResponse<T> read(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        HttpResponse<T> response = this.http.send(request, body);
        for (int retry = 1; retry <= READ_RETRIES && response.statusCode() >= 500; retry++) {
            Thread.sleep(READ_RETRY_PAUSE.multipliedBy(retry).toMillis());
            response = this.http.send(request, body);
        }
        return response;
    }

    private URI page(String registry, String link) {
        return link.startsWith("/") ? uri(registry, link) : URI.create(link);
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
    }

    private URI manifestUri(ImageReference image) {
        return manifestUri(image.getRegistry(), image.getRepository(), image.getQualifier());
    }

    private URI manifestUri(String registry, String repository, String reference) {
        return uri(registry, "/v2/" + repository + "/manifests/" + reference);
    }

    private URI blobUri(String registry, String repository, String digest) {
        return uri(registry, "/v2/" + repository + "/blobs/" + digest);
    }

    private URI uri(String registry, String path) {
        return URI.create("https://" + registry + path);
    }

    private HttpRequest.Builder request(URI uri) {
        return authorized(uri.getAuthority(), uri).header("Accept", ANY_MANIFEST);
    }

    /** The builder's credentials go to the private registry only, and only over HTTPS. */
    private HttpRequest.Builder authorized(String registry, URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(this.timeout);
        if (this.credentials.isFor(registry) && "https".equals(uri.getScheme())) {
            request.header("Authorization", this.credentials.basicAuthorization());
        }
        return request;
    }

    private static void expectOk(HttpResponse<?> response, ImageReference image) throws IOException {
        expectOk(response, image.getRegistry(), image.toString());
    }

    private static void expectOk(HttpResponse<?> response, String registry, String image) throws IOException {
        if (response.statusCode() != 200) {
            throw new ErrorAnswer("the registry " + registry + " answered " + response.statusCode() + " to "
                    + response.request().method() + " " + response.uri() + " for " + image);
        }
    }

    /** The registry was reached, but answered with an error. */
    static final class ErrorAnswer extends IOException {

        ErrorAnswer(String message) {
            super(message);
        }

    }

}
