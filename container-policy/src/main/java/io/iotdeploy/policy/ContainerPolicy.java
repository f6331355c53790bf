package io.iotdeploy.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The administrator's policy for the container settings that reach into the device: by default none of them,
 * apart from the {@code host} and {@code bridge} network modes the thesis already offered. The gateway and
 * deployment-service read the same keys ({@code iotdeploy.containers.policy.*}, e.g. the environment variable
 * {@code IOTDEPLOY_CONTAINERS_POLICY_ALLOWED_DEVICES=/dev/ttyUSB0,/dev/i2c-1}), so both refuse the same requests.
 *
 * @param allowPrivileged      whether a container may run privileged (every device, every capability)
 * @param allowedCapabilities  the capabilities a container may add ({@code NET_ADMIN}, {@code SYS_TIME}, …;
 *                             {@code ALL} allows any)
 * @param allowedDevices       the host devices a container may have, e.g. {@code /dev/ttyUSB0}, {@code /dev/i2c-1}
 * @param allowedBindPaths     the host paths below which a container may mount, e.g. {@code /srv/iot}: absolute and
 *                             normalized, compared segment by segment ({@code /srv/iot} does not allow
 *                             {@code /srv/iot2})
 * @param allowHostPid         whether a container may share the host's PID namespace
 * @param allowHostIpc         whether a container may share the host's IPC namespace
 * @param allowedNetworkModes  the network modes a container may use: {@code bridge}, {@code host}, {@code none},
 *                             {@code container:NAME}, or a network's name
 */
@ConfigurationProperties("iotdeploy.containers.policy")
public record ContainerPolicy(
        @DefaultValue("false") boolean allowPrivileged,
        @DefaultValue List<String> allowedCapabilities,
        @DefaultValue List<String> allowedDevices,
        @DefaultValue List<String> allowedBindPaths,
        @DefaultValue("false") boolean allowHostPid,
        @DefaultValue("false") boolean allowHostIpc,
        @DefaultValue({ "host", "bridge" }) List<String> allowedNetworkModes) {

    private static final String PREFIX = "iotdeploy.containers.policy.";

    /** A configuration mistake stops the service at start-up: a policy that means something else is worse. */
    public ContainerPolicy {
        allowedCapabilities = orEmpty(allowedCapabilities).stream()
            .map((name) -> name.strip().toUpperCase(Locale.ROOT))
            .map((name) -> name.startsWith("CAP_") ? name.substring("CAP_".length()) : name)
            .toList();
        allowedDevices = orEmpty(allowedDevices).stream().map(String::strip).toList();
        allowedBindPaths = orEmpty(allowedBindPaths).stream().map(String::strip).toList();
        allowedNetworkModes = orEmpty(allowedNetworkModes).stream().map(String::strip).toList();
        for (String path : allowedDevices) {
            require(path, PREFIX + "allowed-devices");
        }
        for (String path : allowedBindPaths) {
            require(path, PREFIX + "allowed-bind-paths");
        }
    }

    /** Nothing beyond the thesis' settings. */
    public static ContainerPolicy strict() {
        return new ContainerPolicy(false, List.of(), List.of(), List.of(), false, false, List.of("host", "bridge"));
    }

    /** Every setting of {@code settings} that this policy does not allow, in the order of the request's fields. */
    public List<PolicyViolation> check(ContainerSettings settings) {
        List<PolicyViolation> violations = new ArrayList<>();
        if (!this.allowedNetworkModes.contains(settings.networkMode())) {
            violations.add(new PolicyViolation("networkMode", settings.networkMode(),
                    this.allowedNetworkModes.toString(), "network mode '" + settings.networkMode()
                            + "' is not allowed: the policy allows " + this.allowedNetworkModes + " (" + PREFIX
                            + "allowed-network-modes)"));
        }
        if (settings.privileged() && !this.allowPrivileged) {
            violations.add(new PolicyViolation("privileged", "true", "false", "privileged mode is not allowed: the "
                    + "policy does not allow it (" + PREFIX + "allow-privileged=false)"));
        }
        for (String capability : settings.capAdd()) {
            if (!this.allowedCapabilities.contains(capability) && !this.allowedCapabilities.contains("ALL")) {
                violations.add(new PolicyViolation("capAdd", capability, this.allowedCapabilities.toString(),
                        "capability " + capability + " is not allowed: the policy allows "
                                + listed(this.allowedCapabilities) + " (" + PREFIX + "allowed-capabilities)"));
            }
        }
        for (DeviceMapping device : settings.devices()) {
            if (!this.allowedDevices.contains(device.hostPath())) {
                violations.add(new PolicyViolation("devices", device.hostPath(), this.allowedDevices.toString(),
                        "device " + device.hostPath() + " is not allowed: the policy allows "
                                + listed(this.allowedDevices) + " (" + PREFIX + "allowed-devices)"));
            }
        }
        for (BindMount bind : settings.binds()) {
            if (this.allowedBindPaths.stream().noneMatch((prefix) -> AbsolutePaths.isWithin(bind.hostPath(), prefix))) {
                violations.add(new PolicyViolation("binds", bind.hostPath(), this.allowedBindPaths.toString(),
                        "host path " + bind.hostPath() + " is not allowed for a bind mount: the policy allows "
                                + (this.allowedBindPaths.isEmpty() ? "none"
                                        : "paths below " + this.allowedBindPaths)
                                + " (" + PREFIX + "allowed-bind-paths)"));
            }
        }
        if (settings.hostPid() && !this.allowHostPid) {
            violations.add(new PolicyViolation("hostPid", "true", "false", "the host's PID namespace is not allowed: "
                    + "the policy does not allow it (" + PREFIX + "allow-host-pid=false)"));
        }
        if (settings.hostIpc() && !this.allowHostIpc) {
            violations.add(new PolicyViolation("hostIpc", "true", "false", "the host's IPC namespace is not allowed: "
                    + "the policy does not allow it (" + PREFIX + "allow-host-ipc=false)"));
        }
        return violations;
    }

    /**
     * @param step   the step the refusal is a problem of
     * @param device the device the deployment was for, as the caller named it (may be {@code null})
     * @throws ContainerPolicyException (403) naming every setting the policy does not allow
     */
    public void require(ContainerSettings settings, String step, String device) {
        require(settings, step, device, Map.of());
    }

    /**
     * {@link #require(ContainerSettings, String, String)} for a caller whose form names some settings otherwise
     * ({@code networkMode} is the gateway form's {@code networkConfig}): the problem names the field it was sent as.
     */
    public void require(ContainerSettings settings, String step, String device, Map<String, String> fieldNames) {
        List<PolicyViolation> violations = check(settings).stream()
            .map((violation) -> new PolicyViolation(fieldNames.getOrDefault(violation.field(), violation.field()),
                    violation.requested(), violation.allowed(), violation.detail()))
            .toList();
        if (!violations.isEmpty()) {
            throw new ContainerPolicyException(violations, step, device);
        }
    }

    private static String listed(List<String> allowed) {
        return allowed.isEmpty() ? "none" : allowed.toString();
    }

    private static void require(String path, String property) {
        String problem = AbsolutePaths.problem(path);
        if (problem != null) {
            throw new IllegalArgumentException(property + ": '" + path + "' " + problem);
        }
    }

    private static List<String> orEmpty(List<String> values) {
        return (values != null) ? values : List.of();
    }

}
