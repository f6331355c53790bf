package io.iotdeploy.deployment.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.iotdeploy.device.ContainerNames;
import io.iotdeploy.deployment.container.ContainerSpec.PortMapping;
import io.iotdeploy.deployment.settings.HealthCheck;
import io.iotdeploy.deployment.settings.RunSettings;
import io.iotdeploy.policy.ContainerPolicy;
import io.iotdeploy.policy.InvalidSetting;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * What the caller asks to run on a device, as sent. A field this record does not have (say {@code HostConfig} or
 * {@code CapAdd}) is refused, not ignored: no setting reaches the device except through the fields below, and
 * every one of those that reaches into the device is subject to the administrator's {@link ContainerPolicy}.
 *
 * @param networkMode {@code bridge} (the default), {@code host}, or as the policy allows {@code none},
 *                    {@code container:NAME} or a network's name
 * @param ports       {@code hostPort:containerPort[/tcp|udp]}, only with {@code bridge} or a network of its own
 * @param env         {@code KEY=value}
 * @param start       start the container once created (default {@code true})
 * @param replace     replace a container of the same name (default {@code false})
 * @param privileged  run privileged (policy: {@code allow-privileged})
 * @param capAdd      capabilities to add, {@code NET_ADMIN} (policy: {@code allowed-capabilities})
 * @param devices     host devices, {@code /dev/ttyUSB0[:/dev/ttyUSB0[:rwm]]} (policy: {@code allowed-devices})
 * @param binds       host paths, {@code /host/path:/container/path[:ro|rw]} (policy: {@code allowed-bind-paths})
 * @param hostPid     share the host's PID namespace (policy: {@code allow-host-pid})
 * @param hostIpc     share the host's IPC namespace (policy: {@code allow-host-ipc})
 * @param healthCheck {@code http:PORT/PATH}, {@code tcp:PORT} or {@code cmd:COMMAND}, with
 *                    {@code healthInterval}, {@code healthTimeout}, {@code healthStartPeriod} (durations: 10s) and
 *                    {@code healthRetries} ({@link HealthCheck})
 * @param release     the number of the release of application {@code containerName} that the image is (the
 *                    gateway's {@code ip} upload): the container carries it, as the reconciler's containers do
 * @param unknown     every field the request had that is none of the above
 */
record DeploymentRequest(String image, String containerName, String networkMode, List<String> ports,
        List<String> env, Boolean start, Boolean replace, Boolean privileged, List<String> capAdd,
        List<String> devices, List<String> binds, Boolean hostPid, Boolean hostIpc, String healthCheck,
        String healthInterval, String healthTimeout, String healthStartPeriod, Integer healthRetries,
        Integer release, @JsonAnySetter Map<String, Object> unknown) {

    /** A request with the thesis' settings only. */
    DeploymentRequest(String image, String containerName, String networkMode, List<String> ports, List<String> env,
            Boolean start, Boolean replace) {
        this(image, containerName, networkMode, ports, env, start, replace, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    /**
     * Checks everything at once, before any device is touched.
     *
     * @throws ErrorResponseException 400 listing every mistake
     */
    ContainerSpec toSpec(String privateRegistry) {
        List<String> errors = new ArrayList<>();
        ImageReference reference = null;
        if (this.image == null || this.image.isBlank()) {
            errors.add("image is required");
        }
        else {
            try {
                reference = ImageReference.parse(this.image.strip(), privateRegistry);
            }
            catch (IllegalArgumentException ex) {
                errors.add(ex.getMessage());
            }
        }
        if (this.containerName == null || this.containerName.isEmpty()) {
            errors.add("containerName is required");
        }
        else if (!ContainerNames.isValid(this.containerName)) {
            errors.add("containerName " + ContainerNames.mistake(this.containerName));
        }
        if (this.unknown != null) {
            this.unknown.keySet().stream().sorted().forEach((field) -> errors.add("'" + field + "' is not a field "
                    + "of a deployment (image, containerName, networkMode, ports, env, start, replace, privileged, "
                    + "capAdd, devices, binds, hostPid, hostIpc, healthCheck, healthInterval, healthTimeout, "
                    + "healthStartPeriod, healthRetries, release)"));
        }
        List<InvalidSetting> invalidSettings = new ArrayList<>();
        RunSettings run = RunSettings.parse(this.networkMode, this.ports, this.env, this.privileged, this.capAdd,
                this.devices, this.binds, this.hostPid, this.hostIpc, invalidSettings)
            .withHealthCheck(HealthCheck.parse(this.healthCheck, this.healthInterval, this.healthTimeout,
                    this.healthStartPeriod, this.healthRetries, invalidSettings));
        invalidSettings.forEach((invalid) -> errors.add(invalid.detail()));
        List<PortMapping> mappings = run.ports()
            .stream()
            .map((port) -> new PortMapping(port.hostPort(), port.containerPort(), port.protocol()))
            .toList();
        if (this.release != null && this.release < 1) {
            errors.add("release " + this.release + " is no release number (1, 2, 3, ...)");
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new ContainerSpec(reference, this.containerName, run.container(), mappings, run.env(),
                !Boolean.FALSE.equals(this.start), Boolean.TRUE.equals(this.replace), run.healthCheck());
    }

    private static ErrorResponseException invalid(List<String> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", errors));
        problem.setTitle("Invalid deployment");
        problem.setProperty("errors", errors);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

}
