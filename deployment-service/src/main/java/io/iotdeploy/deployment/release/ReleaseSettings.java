package io.iotdeploy.deployment.release;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.iotdeploy.deployment.settings.HealthCheck;
import io.iotdeploy.deployment.settings.RunSettings;
import io.iotdeploy.deployment.settings.RunSettings.PublishedPort;
import io.iotdeploy.policy.BindMount;
import io.iotdeploy.policy.DeviceMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every setting of a release, normalized: what the image is built with (base image, run commands) and how its
 * container runs (environment, ports, network mode and the policy-gated settings). The start / stop state is not a
 * setting of a release: it belongs to a deployment.
 *
 * <p><b>The canonical form</b> (what {@link #hash()} is the SHA-256 of, as UTF-8, and what a release stores):
 * one JSON object, no white space, the fields in this fixed order: {@code baseImage, runCommands, env, ports,
 * networkMode, privileged, capAdd, devices, binds, hostPid, hostIpc, healthCheck, healthInterval, healthTimeout,
 * healthStartPeriod, healthRetries}. A field at its default (an empty list,
 * {@code false}, network mode {@code bridge}) is left out, so that "not sent" and "sent as the default" are the same
 * release, and so that a setting added to a later version of IoT Deploy (absent, so at its default, in every older
 * release) leaves the hash of every older release as it was. Values are normalized first:
 * <ul>
 * <li>{@code baseImage}: as given, without surrounding white space (always present: it is required);</li>
 * <li>{@code runCommands}: in the order given (each is a build step), each stripped, blank ones dropped;</li>
 * <li>{@code env}: in the order given: the engine gives a key that is set twice its last value, so the order can
 * matter;</li>
 * <li>{@code ports}: {@code hostPort:containerPort/protocol} with the protocol written out ({@code 8080:80} is
 * {@code 8080:80/tcp}, {@code 08080} is {@code 8080}), sorted by host port, then protocol: a set of mappings, so
 * the order cannot matter;</li>
 * <li>{@code networkMode}: {@code bridge}, {@code host}, {@code none} lower-cased, a network's name as given;</li>
 * <li>{@code capAdd}: upper case without {@code CAP_}, each once, sorted;</li>
 * <li>{@code devices}: {@code host:container:permissions} written out, each once, sorted;</li>
 * <li>{@code binds}: {@code host:container:ro|rw} written out, each once, sorted;</li>
 * <li>{@code healthCheck}: {@code http:PORT/PATH}, {@code tcp:PORT} or {@code cmd:COMMAND}, the port without
 * leading zeros; when there is one, its timings are written out, defaults included ({@code 10s}, {@code 1500ms}),
 * so that a release runs the check it was made with whatever later versions' defaults are; without one, none of
 * the five fields is written.</li>
 * </ul>
 * Strings are written as Jackson writes JSON strings (UTF-8; only {@code "}, {@code \} and control characters
 * escaped).
 */
@JsonPropertyOrder({ "baseImage", "runCommands", "env", "ports", "networkMode", "privileged", "capAdd", "devices",
        "binds", "hostPid", "hostIpc", "healthCheck", "healthInterval", "healthTimeout", "healthStartPeriod",
        "healthRetries" })
record ReleaseSettings(String baseImage,
        @Schema(description = "one build step (RUN) each, in order") List<String> runCommands,
        @Schema(description = "KEY=value, in order") List<String> env,
        @Schema(description = "hostPort:containerPort/protocol, by host port") List<String> ports,
        @Schema(description = "bridge, host, none, or a network's name") String networkMode, boolean privileged,
        @Schema(description = "capabilities, upper case without CAP_") List<String> capAdd,
        @Schema(description = "host:container:permissions") List<String> devices,
        @Schema(description = "host:container:ro|rw") List<String> binds, boolean hostPid, boolean hostIpc,
        @Schema(description = "http:PORT/PATH, tcp:PORT or cmd:COMMAND; absent without one") String healthCheck,
        @Schema(description = "between two checks", example = "10s") String healthInterval,
        @Schema(description = "the longest one check may take", example = "5s") String healthTimeout,
        @Schema(description = "the grace after a start", example = "60s") String healthStartPeriod,
        @Schema(description = "failures in a row that make it unhealthy") Integer healthRetries) {

    /** The longest canonical form a release may have (the database column). */
    static final int MAX_LENGTH = 32000;

    static final String DEFAULT_NETWORK_MODE = "bridge";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    ReleaseSettings {
        runCommands = List.copyOf(orEmpty(runCommands));
        env = List.copyOf(orEmpty(env));
        ports = List.copyOf(orEmpty(ports));
        networkMode = Objects.requireNonNullElse(networkMode, DEFAULT_NETWORK_MODE);
        capAdd = List.copyOf(orEmpty(capAdd));
        devices = List.copyOf(orEmpty(devices));
        binds = List.copyOf(orEmpty(binds));
    }

    /** The normalized settings of a checked request. */
    static ReleaseSettings of(String baseImage, List<String> runCommands, RunSettings run) {
        HealthCheck health = run.healthCheck();
        return new ReleaseSettings(baseImage.strip(),
                runCommands.stream().map(String::strip).filter((command) -> !command.isEmpty()).toList(),
                run.env(),
                run.ports()
                    .stream()
                    .sorted(Comparator.comparingInt(PublishedPort::hostPort).thenComparing(PublishedPort::protocol))
                    .map(PublishedPort::toString)
                    .toList(),
                run.container().networkMode(), run.container().privileged(),
                run.container().capAdd().stream().distinct().sorted().toList(),
                run.container().devices().stream().map(DeviceMapping::toString).distinct().sorted().toList(),
                run.container().binds().stream().map(BindMount::toString).distinct().sorted().toList(),
                run.container().hostPid(), run.container().hostIpc(),
                (health != null) ? health.check() : null,
                (health != null) ? HealthCheck.format(health.interval()) : null,
                (health != null) ? HealthCheck.format(health.timeout()) : null,
                (health != null) ? HealthCheck.format(health.startPeriod()) : null,
                (health != null) ? health.retries() : null);
    }

    /** The canonical JSON: see the class comment. */
    String canonicalJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("baseImage", this.baseImage);
        list(json, "runCommands", this.runCommands);
        list(json, "env", this.env);
        list(json, "ports", this.ports);
        if (!this.networkMode.equals(DEFAULT_NETWORK_MODE)) {
            json.put("networkMode", this.networkMode);
        }
        flag(json, "privileged", this.privileged);
        list(json, "capAdd", this.capAdd);
        list(json, "devices", this.devices);
        list(json, "binds", this.binds);
        flag(json, "hostPid", this.hostPid);
        flag(json, "hostIpc", this.hostIpc);
        if (this.healthCheck != null) {
            json.put("healthCheck", this.healthCheck);
            json.put("healthInterval", this.healthInterval);
            json.put("healthTimeout", this.healthTimeout);
            json.put("healthStartPeriod", this.healthStartPeriod);
            json.put("healthRetries", this.healthRetries);
        }
        return JSON.writeValueAsString(json);
    }

    /** The SHA-256 of the canonical JSON, 64 lower-case hex digits. */
    String hash() {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson().getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
    }

    /** The settings a release stored, its canonical JSON. */
    static ReleaseSettings fromCanonicalJson(String canonical) {
        JsonNode json = JSON.readTree(canonical);
        return new ReleaseSettings(json.path("baseImage").asString(), strings(json, "runCommands"),
                strings(json, "env"), strings(json, "ports"),
                json.has("networkMode") ? json.get("networkMode").asString() : DEFAULT_NETWORK_MODE,
                json.path("privileged").asBoolean(false), strings(json, "capAdd"), strings(json, "devices"),
                strings(json, "binds"), json.path("hostPid").asBoolean(false), json.path("hostIpc").asBoolean(false),
                text(json, "healthCheck"), text(json, "healthInterval"), text(json, "healthTimeout"),
                text(json, "healthStartPeriod"), json.has("healthRetries") ? json.get("healthRetries").asInt() : null);
    }

    /** The release's health check, {@code null} without one. */
    HealthCheck health() {
        if (this.healthCheck == null) {
            return null;
        }
        List<io.iotdeploy.policy.InvalidSetting> errors = new java.util.ArrayList<>();
        HealthCheck check = HealthCheck.parse(this.healthCheck, this.healthInterval, this.healthTimeout,
                this.healthStartPeriod, this.healthRetries, errors);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a stored health check no longer parses: " + errors);
        }
        return check;
    }

    private static String text(JsonNode json, String field) {
        return json.has(field) ? json.get(field).asString() : null;
    }

    private static void list(ObjectNode json, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = json.putArray(field);
            values.forEach(array::add);
        }
    }

    private static void flag(ObjectNode json, String field, boolean value) {
        if (value) {
            json.put(field, true);
        }
    }

    private static List<String> strings(JsonNode json, String field) {
        JsonNode values = json.path(field);
        return values.isArray() ? values.valueStream().map(JsonNode::asString).toList() : List.of();
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return (values != null) ? values : List.of();
    }

}
