package io.iotdeploy.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.iotdeploy.device.ContainerNames;

/**
 * The settings of a container that reach beyond the container itself: what an IoT application may really need
 * (a serial port, a directory of the device, the host's network), and what {@link ContainerPolicy} decides on.
 * Checked for form by {@link #parse}; whether they are allowed is the policy's question.
 *
 * @param networkMode {@code bridge}, {@code host}, {@code none}, {@code container:NAME} or a network's name
 * @param privileged  every device and capability of the host
 * @param capAdd      capabilities added to Docker's default set, upper case without {@code CAP_}
 * @param devices     host devices made available in the container
 * @param binds       host paths mounted into the container
 * @param hostPid     the host's PID namespace instead of the container's own
 * @param hostIpc     the host's IPC namespace instead of the container's own
 */
public record ContainerSettings(String networkMode, boolean privileged, List<String> capAdd,
        List<DeviceMapping> devices, List<BindMount> binds, boolean hostPid, boolean hostIpc) {

    /** A container of its own: bridge network, nothing of the host's. */
    public static final ContainerSettings DEFAULT = new ContainerSettings("bridge", false, List.of(), List.of(),
            List.of(), false, false);

    /** Another container's network stack, or a network; networks are named as containers are. */
    private static final Pattern NETWORK = Pattern.compile("(container:)?" + ContainerNames.PATTERN);

    private static final Pattern CAPABILITY = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public ContainerSettings {
        capAdd = List.copyOf(capAdd);
        devices = List.copyOf(devices);
        binds = List.copyOf(binds);
    }

    /**
     * The settings a request asked for, each as sent ({@code null} when not sent). Every malformed value is added
     * to {@code errors}; the result is only meaningful when none was.
     */
    public static ContainerSettings parse(String networkMode, Boolean privileged, List<String> capAdd,
            List<String> devices, List<String> binds, Boolean hostPid, Boolean hostIpc, List<InvalidSetting> errors) {
        String mode = networkMode(networkMode, errors);
        Set<String> capabilities = new LinkedHashSet<>();
        for (String capability : orEmpty(capAdd)) {
            String name = (capability != null) ? capability.strip().toUpperCase(Locale.ROOT) : "";
            name = name.startsWith("CAP_") ? name.substring("CAP_".length()) : name;
            if (!CAPABILITY.matcher(name).matches()) {
                errors.add(new InvalidSetting("capAdd", "capAdd: '" + capability + "' is not a capability name "
                        + "(such as NET_ADMIN or SYS_RAWIO)"));
            }
            else {
                capabilities.add(name);
            }
        }
        List<DeviceMapping> deviceMappings = new ArrayList<>();
        for (String device : orEmpty(devices)) {
            DeviceMapping mapping = DeviceMapping.parse(device, errors);
            if (mapping != null) {
                deviceMappings.add(mapping);
            }
        }
        List<BindMount> mounts = new ArrayList<>();
        for (String bind : orEmpty(binds)) {
            BindMount mount = BindMount.parse(bind, errors);
            if (mount != null) {
                mounts.add(mount);
            }
        }
        return new ContainerSettings(mode, Boolean.TRUE.equals(privileged), List.copyOf(capabilities),
                deviceMappings, mounts, Boolean.TRUE.equals(hostPid), Boolean.TRUE.equals(hostIpc));
    }

    private static String networkMode(String requested, List<InvalidSetting> errors) {
        if (requested == null || requested.isBlank()) {
            return "bridge";
        }
        String mode = requested.strip();
        String lower = mode.toLowerCase(Locale.ROOT);
        if (lower.equals("bridge") || lower.equals("host") || lower.equals("none")) {
            return lower;
        }
        if (!NETWORK.matcher(mode).matches()) {
            errors.add(new InvalidSetting("networkMode", "networkMode '" + requested + "' is none of bridge, host, "
                    + "none, container:NAME or a network's name"));
        }
        return mode;
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return (values != null) ? values : List.of();
    }

    /** Whether the container has a network stack of its own whose ports can be published. */
    public boolean publishesPorts() {
        return !this.networkMode.equals("host") && !this.networkMode.equals("none")
                && !this.networkMode.startsWith("container:");
    }

}
