package io.iotdeploy.web.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;

import io.iotdeploy.device.ContainerNames;
import io.iotdeploy.policy.ContainerSettings;
import io.iotdeploy.policy.InvalidSetting;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.multipart.MultipartFile;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The deploy form, field for field the thesis' upload form plus a few optional settings.
 *
 * @param ip            the device's address ({@code POST /upload} only)
 * @param networkConfig {@code bridge} or {@code host}; as the administrator's policy allows, {@code none},
 *                      {@code container:NAME} or a network's name
 * @param containerName the container's (and the application's) name
 * @param imageName     the base image, as a Docker user writes it ({@code base/java:17}), within the lengths of
 *                      Docker's reference grammar ({@link ImageReferenceLimits})
 * @param file          the application: a jar or war
 * @param runCommands   commands run while building the image, one per line
 * @param ports         {@code host:container} port mappings, separated by commas or newlines
 * @param env           environment variables, {@code KEY=value}, one per line
 * @param start         whether to start the container (default true)
 * @param replace       whether to replace a container of the same name (default false)
 * @param privileged    run the container privileged (only as the policy allows; default false)
 * @param capAdd        capabilities to add, comma- or newline-separated (only as the policy allows)
 * @param devices       host devices, {@code /dev/ttyUSB0[:/dev/ttyUSB0[:rwm]]}, comma- or newline-separated
 *                      (only as the policy allows)
 * @param binds         host paths, {@code /host/path:/container/path[:ro|rw]}, comma- or newline-separated (only
 *                      as the policy allows)
 * @param hostPid       share the host's PID namespace (only as the policy allows; default false)
 * @param hostIpc       share the host's IPC namespace (only as the policy allows; default false)
 */
record DeployForm(
        @Schema(description = "the device's address (POST /upload only)", example = "10.77.0.11")
        String ip,
        @Schema(requiredMode = REQUIRED, description = "bridge or host; none, container:NAME or a network's name "
                + "as the administrator's policy allows", example = "bridge")
        String networkConfig,
        @Schema(requiredMode = REQUIRED, description = "the container's name", example = "sensor_collector",
                pattern = ContainerNames.PATTERN, maxLength = ContainerNames.MAX_LENGTH)
        String containerName,
        @Schema(requiredMode = REQUIRED, description = "the base image: name[:tag][@digest], the name at most "
                + ImageReferenceLimits.NAME_MAX_LENGTH + " characters, the tag at most "
                + ImageReferenceLimits.TAG_MAX_LENGTH, example = "base/java:17")
        String imageName,
        @Schema(requiredMode = REQUIRED, description = "the application, a jar or war", type = "string",
                format = "binary")
        MultipartFile file,
        @Schema(description = "commands run while building, one per line")
        String runCommands,
        @Schema(description = "host:container[/tcp|udp] port mappings, comma- or newline-separated",
                example = "8080:8000")
        String ports,
        @Schema(description = "KEY=value environment variables, one per line")
        String env,
        @Schema(description = "start the container", defaultValue = "true")
        Boolean start,
        @Schema(description = "replace a container of the same name", defaultValue = "false")
        Boolean replace,
        @Schema(description = "run privileged, as the administrator's policy allows", defaultValue = "false")
        Boolean privileged,
        @Schema(description = "capabilities to add, comma- or newline-separated, as the policy allows",
                example = "NET_ADMIN")
        String capAdd,
        @Schema(description = "host devices HOST[:CONTAINER[:rwm]], comma- or newline-separated, as the policy "
                + "allows", example = "/dev/ttyUSB0")
        String devices,
        @Schema(description = "host paths HOST_PATH:CONTAINER_PATH[:ro|rw], comma- or newline-separated, as the "
                + "policy allows", example = "/srv/iot/sensor:/data")
        String binds,
        @Schema(description = "share the host's PID namespace, as the policy allows", defaultValue = "false")
        Boolean hostPid,
        @Schema(description = "share the host's IPC namespace, as the policy allows", defaultValue = "false")
        Boolean hostIpc,
        @Schema(description = "deploy to every device of this group (instead of ip): a release, built once per "
                + "platform, that devices joining the group later get too", example = "basement")
        String group,
        @Schema(description = "deploy to every device these tags select (instead of ip)",
                example = "site=basement,role=gateway", maxLength = FleetTargets.SELECTOR_MAX_LENGTH)
        String tags,
        @Schema(description = "a note on the release and the deployment, e.g. a pipeline's commit id",
                maxLength = FleetTargets.NOTE_MAX_LENGTH)
        String note,
        @Schema(description = "with group or tags: wait until every reachable device runs the release (201), or "
                + "answer at once (202, poll Location)", defaultValue = "true", name = "wait")
        @BindParam("wait") Boolean waitForDevices,
        @Schema(description = "how the platform tells the application works: http:PORT/PATH (2xx or 3xx), tcp:PORT "
                + "or cmd:COMMAND, run in the container; it becomes the container's Docker health check",
                example = "http:8080/actuator/health")
        String healthCheck,
        @Schema(description = "between two checks (with healthCheck)", defaultValue = "10s") String healthInterval,
        @Schema(description = "the longest one check may take", defaultValue = "5s") String healthTimeout,
        @Schema(description = "the grace after a start, in which failures do not count", defaultValue = "60s")
        String healthStartPeriod,
        @Schema(description = "failures in a row that make it unhealthy", defaultValue = "3") Integer healthRetries,
        @Schema(description = "with group or tags: phased (the default: a few devices at a time, each phase watched "
                + "for the soak time, rolled back on failures) or all-at-once", defaultValue = "phased")
        String strategy,
        @Schema(description = "with a phased strategy: each phase's devices reached in total, comma-separated",
                example = "1,50%,100%") String phases,
        @Schema(description = "how long a phase's devices stay healthy before the next begins", defaultValue = "60s")
        String soakTime,
        @Schema(description = "how long a device may stay pending before it counts as failed", defaultValue = "10m")
        String phaseTimeout,
        @Schema(description = "wait for a resume after each phase", defaultValue = "false") Boolean approval,
        @Schema(description = "the share of a later phase's devices that may fail", defaultValue = "20%")
        String errorThreshold,
        @Schema(description = "with group or tags: stop the application's running rollout first (otherwise an "
                + "upload while one runs is a 409)", defaultValue = "false") Boolean abort) {

    /** The form's fields: a part or parameter by any other name is refused, not ignored. */
    static final Set<String> FIELDS = Set.of("ip", "networkConfig", "containerName", "imageName", "file",
            "runCommands", "ports", "env", "start", "replace", "privileged", "capAdd", "devices", "binds", "hostPid",
            "hostIpc", "group", "tags", "note", "wait", "healthCheck", "healthInterval", "healthTimeout",
            "healthStartPeriod", "healthRetries", "strategy", "phases", "soakTime", "phaseTimeout", "approval",
            "errorThreshold", "abort");

    private static final Pattern PORT_MAPPING = Pattern.compile("(\\d{1,5}):(\\d{1,5})(?:/(?:tcp|udp))?");

    private static final Pattern ENV_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");

    /**
     * The group or tags the form names instead of an address, {@code null} when it names neither.
     *
     * @throws ErrorResponseException 400 for both, or either with {@code ip}, or a malformed one
     */
    FleetTarget fleetTarget() {
        return FleetTargets.of(this.ip, this.group, this.tags, this.note);
    }

    /** The same form for the application {@code name}: its container name is the application's. */
    DeployForm named(String name) {
        return new DeployForm(this.ip, this.networkConfig, name, this.imageName, this.file, this.runCommands,
                this.ports, this.env, this.start, this.replace, this.privileged, this.capAdd, this.devices,
                this.binds, this.hostPid, this.hostIpc, this.group, this.tags, this.note, this.waitForDevices,
                this.healthCheck, this.healthInterval, this.healthTimeout, this.healthStartPeriod, this.healthRetries,
                this.strategy, this.phases, this.soakTime, this.phaseTimeout, this.approval, this.errorThreshold,
                this.abort);
    }

    /** What the form adds to its deployment: its {@code rollout} and {@code abort}, those sent. */
    Map<String, Object> deploymentOptions() {
        Map<String, Object> options = new java.util.LinkedHashMap<>();
        Map<String, Object> rollout = rollout();
        if (rollout != null) {
            options.put("rollout", rollout);
        }
        if (Boolean.TRUE.equals(this.abort)) {
            options.put("abort", true);
        }
        return options;
    }

    /**
     * The rollout's fields as deployment-service takes them ({@code rollout} of a deployment), sent ones only;
     * {@code null} when none was sent.
     */
    Map<String, Object> rollout() {
        Map<String, Object> rollout = new java.util.LinkedHashMap<>();
        putText(rollout, "strategy", this.strategy);
        if (this.phases != null && !this.phases.isBlank()) {
            rollout.put("phases", items(this.phases));
        }
        putText(rollout, "soakTime", this.soakTime);
        putText(rollout, "phaseTimeout", this.phaseTimeout);
        if (this.approval != null) {
            rollout.put("approval", this.approval);
        }
        putText(rollout, "errorThreshold", this.errorThreshold);
        return rollout.isEmpty() ? null : rollout;
    }

    private static void putText(Map<String, Object> fields, String name, String value) {
        if (value != null && !value.isBlank()) {
            fields.put(name, value.strip());
        }
    }

    boolean waits() {
        return this.waitForDevices == null || this.waitForDevices;
    }

    /** The settings of a valid form; a 400 problem naming the first wrong field otherwise. */
    DeploySettings validate(boolean needsAddress) {
        if (this.file == null || this.file.isEmpty()) {
            throw invalid("file", "file is missing");
        }
        if (needsAddress && isBlank(this.ip)) {
            throw invalid("ip", "ip is missing: the address of the device to deploy to");
        }
        if (isBlank(this.containerName)) {
            throw invalid("containerName", "containerName is missing");
        }
        if (!ContainerNames.isValid(this.containerName)) {
            throw invalid("containerName", "containerName '" + quoted(this.containerName) + "' is not a container "
                    + "name: " + ContainerNames.RULE);
        }
        if (isBlank(this.imageName)) {
            throw invalid("imageName", "imageName is missing: the base image, e.g. base/java:17");
        }
        ImageReferenceLimits.mistake(this.imageName.strip()).ifPresent((mistake) -> {
            throw invalid("imageName", "imageName: " + mistake);
        });
        if (isBlank(this.networkConfig)) {
            throw invalid("networkConfig", "networkConfig is missing: bridge or host");
        }
        List<InvalidSetting> errors = new ArrayList<>();
        ContainerSettings container = ContainerSettings.parse(this.networkConfig, this.privileged, items(this.capAdd),
                items(this.devices), items(this.binds), this.hostPid, this.hostIpc, errors);
        if (!errors.isEmpty()) {
            InvalidSetting first = errors.get(0);
            String field = first.field().equals("networkMode") ? "networkConfig" : first.field();
            throw invalid(field, first.detail().replaceFirst("^networkMode", "networkConfig"));
        }
        boolean startIt = (this.start == null) || this.start;
        boolean replaceIt = (this.replace != null) && this.replace;
        return new DeploySettings(this.containerName, this.imageName.strip(), container,
                blankToNull(this.runCommands), portMappings(), environment(), startIt, replaceIt,
                new DeploySettings.Health(this.healthCheck, this.healthInterval, this.healthTimeout,
                        this.healthStartPeriod, this.healthRetries));
    }

    /** A field's values, separated by commas or newlines. */
    private static List<String> items(String field) {
        if (field == null) {
            return List.of();
        }
        return Arrays.stream(field.split("[,\\r\\n]+"))
            .map(String::strip)
            .filter((item) -> !item.isEmpty())
            .toList();
    }

    /**
     * A 400 problem for the first part or parameter of the request that is not a field of this form: a setting
     * under another name (say {@code HostConfig} or {@code Privileged}) is refused, not silently dropped.
     */
    static void refuseUnknownFields(Collection<String> names) {
        names.stream()
            .filter((name) -> !FIELDS.contains(name) && !name.equals("_csrf"))
            .sorted()
            .findFirst()
            .ifPresent((name) -> {
                throw invalid(name, "'" + name + "' is not a field of the deploy form; its fields are "
                        + new TreeSet<>(FIELDS));
            });
    }

    private List<String> portMappings() {
        List<String> mappings = new ArrayList<>();
        if (this.ports == null) {
            return mappings;
        }
        for (String mapping : this.ports.split("[,\\r\\n]+")) {
            mapping = mapping.strip();
            if (mapping.isEmpty()) {
                continue;
            }
            Matcher matcher = PORT_MAPPING.matcher(mapping);
            if (!matcher.matches() || !isPort(matcher.group(1)) || !isPort(matcher.group(2))) {
                throw invalid("ports", "ports: '" + mapping
                        + "' is not host:container (optionally /tcp or /udp) with ports 1 to 65535");
            }
            mappings.add(mapping);
        }
        return mappings;
    }

    private List<String> environment() {
        List<String> variables = new ArrayList<>();
        if (this.env == null) {
            return variables;
        }
        String[] lines = this.env.split("\\r?\\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (!ENV_VARIABLE.matcher(line).matches()) {
                throw invalid("env", "env: line " + (i + 1) + " is not KEY=value");
            }
            variables.add(line);
        }
        return variables;
    }

    private static boolean isPort(String digits) {
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= 65535;
    }

    /** A hostile value may be long: a problem detail quotes its beginning only. */
    private static String quoted(String value) {
        return (value.length() <= 64) ? value : value.substring(0, 64) + "…";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    static ErrorResponseException invalid(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid deployment");
        problem.setProperty("field", field);
        problem.setProperty("step", "upload");
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    @Override
    public String toString() {
        // the client's file name is not shown (nor used anywhere): it is the client's text, not ours
        return "DeployForm[ip=" + this.ip + ", containerName=" + this.containerName + ", imageName=" + this.imageName
                + ", file=" + ((this.file != null) ? this.file.getSize() + " bytes" : null) + "]";
    }

}
