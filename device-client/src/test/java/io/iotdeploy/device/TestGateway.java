package io.iotdeploy.device;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running platform's gateway, spoken to as a pipeline does: HTTP Basic, JSON, multipart uploads.
 * {@code ./iotdeploy test} starts the platform and passes its address and the admin's password.
 */
public final class TestGateway {

    public static final JsonMapper json = JsonMapper.shared();

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    private final String user;

    private final String password;

    /** An {@code Authorization} header other than HTTP Basic (an API token), or {@code null}. */
    private final String authorization;

    private TestGateway(URI base, String user, String password) {
        this(base, user, password, null);
    }

    private TestGateway(URI base, String user, String password, String authorization) {
        this.base = base;
        this.user = user;
        this.password = password;
        this.authorization = authorization;
    }

    /** A client that sends {@code authorization} as it is, e.g. {@code Bearer iotd_…}. */
    public static TestGateway withAuthorization(URI base, String authorization) {
        return new TestGateway(base, null, null, authorization);
    }

    public static TestGateway asAdmin() {
        String password = System.getenv("IOTDEPLOY_ADMIN_PASSWORD");
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("The system tests drive a running platform as its admin: run them with "
                    + "./iotdeploy test (it starts the platform and sets IOTDEPLOY_ADMIN_PASSWORD), or set "
                    + "IOTDEPLOY_ADMIN_PASSWORD and IOTDEPLOY_GATEWAY yourself");
        }
        return new TestGateway(URI.create(System.getenv().getOrDefault("IOTDEPLOY_GATEWAY", "http://127.0.0.1:8080")),
                "admin", password);
    }

    public static TestGateway at(URI base, String user, String password) {
        return new TestGateway(base, user, password);
    }

    /** A user of its own for a test class (created by the admin when missing), so tests do not see each other. */
    public TestGateway user(String name) throws IOException, InterruptedException {
        String password = "pw-" + name + "-" + UUID.nameUUIDFromBytes(name.getBytes()).toString().substring(0, 12);
        Response created = post("/api/users", Map.of("username", name, "password", password, "admin", false));
        if (created.status() != 201 && created.status() != 409) {
            throw new IllegalStateException("creating user " + name + " failed: " + created);
        }
        return new TestGateway(this.base, name, password);
    }

    /**
     * The id of this user's device at {@code address}:{@code port}: registered now, or found registered by an
     * earlier test run (409).
     */
    public long deviceId(String address, int port) throws IOException, InterruptedException {
        Response registered = post("/api/devices", Map.of("address", address, "port", port));
        if (registered.status() == 201) {
            return registered.json().get("id").asLong();
        }
        if (registered.status() != 409) {
            throw new IllegalStateException("registering " + address + ":" + port + " for " + this.user + " failed: "
                    + registered);
        }
        for (JsonNode device : get("/api/devices?address=" + address).json()) {
            if (device.get("port").asInt() == port) {
                return device.get("id").asLong();
            }
        }
        throw new IllegalStateException(address + ":" + port + " is registered (409) but not among " + this.user
                + "'s devices");
    }

    public TestGateway withPassword(String otherPassword) {
        return new TestGateway(this.base, this.user, otherPassword);
    }

    public TestGateway anonymous() {
        return new TestGateway(this.base, null, null);
    }

    /** @param headers the answer's headers, by lower-case name (empty where a test made the answer itself) */
    public record Response(int status, String contentType, String body, Map<String, List<String>> headers) {

        public Response(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        /** The header's first value, if the answer has it. */
        public java.util.Optional<String> header(String name) {
            return this.headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of()).stream().findFirst();
        }

        public JsonNode json() {
            try {
                return TestGateway.json.readTree(this.body);
            }
            catch (JacksonException ex) {
                throw new AssertionError("not JSON (" + this.status + "): " + this.body, ex);
            }
        }

        public boolean isProblem() {
            return this.contentType != null && this.contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return this.status + " " + this.contentType + " " + this.body;
        }

    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    public Response delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    public Response post(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }

    public Response post(String path) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** A multipart form as {@code curl -F} sends it; a {@link Path} value is a file part. */
    public Response upload(String path, Map<String, Object> fields) throws IOException, InterruptedException {
        String boundary = "----iotdeploy" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            StringBuilder head = new StringBuilder("--" + boundary + "\r\n");
            if (field.getValue() instanceof Path file) {
                head.append("Content-Disposition: form-data; name=\"").append(field.getKey())
                    .append("\"; filename=\"").append(file.getFileName()).append("\"\r\n")
                    .append("Content-Type: application/octet-stream\r\n\r\n");
                parts.add(head.toString().getBytes(StandardCharsets.UTF_8));
                parts.add(Files.readAllBytes(file));
            }
            else {
                head.append("Content-Disposition: form-data; name=\"").append(field.getKey()).append("\"\r\n\r\n");
                parts.add(head.toString().getBytes(StandardCharsets.UTF_8));
                parts.add(String.valueOf(field.getValue()).getBytes(StandardCharsets.UTF_8));
            }
            parts.add("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        parts.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).timeout(Duration.ofMinutes(15))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)).build());
    }

    public static Map<String, Object> form(Object... keyValues) {
        Map<String, Object> form = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            form.put((String) keyValues[i], keyValues[i + 1]);
        }
        return form;
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofMinutes(2))
            .header("Accept", "application/json, application/problem+json");
        if (this.authorization != null) {
            request.header("Authorization", this.authorization);
        }
        else if (this.user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((this.user + ":" + this.password).getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    public Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.body(), response.headers().map());
    }

    public String user() {
        return this.user;
    }

    /** The password, for tests that type it into the dashboard's sign-in form. */
    public String password() {
        return this.password;
    }

}
