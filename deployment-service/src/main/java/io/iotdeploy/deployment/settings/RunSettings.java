package io.iotdeploy.deployment.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.dockerjava.api.model.Capability;
import io.iotdeploy.policy.ContainerPolicy;
import io.iotdeploy.policy.ContainerSettings;
import io.iotdeploy.policy.InvalidSetting;

/**
 * How a container runs, checked for form: its network mode and the settings the {@link ContainerPolicy} decides on
 * ({@link ContainerSettings}), the ports it publishes and its environment. The one parser of these settings for
 * every feature that takes them: a deployment to one device ({@code container/}) and a release ({@code release/}).
 *
 * @param container   network mode, privileged, capabilities, devices, bind mounts, host namespaces
 * @param ports       the published ports, in the order given
 * @param env         {@code KEY=value}, in the order given (the engine gives a key that is set twice its last value)
 * @param healthCheck how the platform tells that the application works; {@code null} when none was declared
 */
public record RunSettings(ContainerSettings container, List<PublishedPort> ports, List<String> env,
        HealthCheck healthCheck) {

    private static final Pattern PORT = Pattern.compile("(\\d{1,5}):(\\d{1,5})(?:/(tcp|udp))?");

    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public RunSettings {
        ports = List.copyOf(ports);
        env = List.copyOf(env);
    }

    /**
     * A port of the device that leads to a port of the container.
     *
     * @param protocol {@code tcp} or {@code udp}
     */
    public record PublishedPort(int hostPort, int containerPort, String protocol) {

        /** {@code hostPort:containerPort/protocol}, the protocol always written out. */
        @Override
        public String toString() {
            return this.hostPort + ":" + this.containerPort + "/" + this.protocol;
        }

    }

    /**
     * The settings as a request sent them ({@code null} where a field was not sent). Every malformed value is added
     * to {@code errors}, each naming its field; the result is only meaningful when none was.
     */
    public static RunSettings parse(String networkMode, List<String> ports, List<String> env, Boolean privileged,
            List<String> capAdd, List<String> devices, List<String> binds, Boolean hostPid, Boolean hostIpc,
            List<InvalidSetting> errors) {
        ContainerSettings settings = ContainerSettings.parse(networkMode, privileged, capAdd, devices, binds, hostPid,
                hostIpc, errors);
        for (String capability : settings.capAdd()) {
            if (!isCapability(capability)) {
                errors.add(new InvalidSetting("capAdd", "capAdd: '" + capability + "' is not a capability Docker "
                        + "knows"));
            }
        }
        return new RunSettings(settings, ports(ports, settings, errors), environment(env, errors), null);
    }

    /** These settings with the health check a request declared ({@link HealthCheck#parse}). */
    public RunSettings withHealthCheck(HealthCheck check) {
        return new RunSettings(this.container, this.ports, this.env, check);
    }

    private static boolean isCapability(String name) {
        return Arrays.stream(Capability.values()).anyMatch((capability) -> capability.name().equals(name));
    }

    private static List<PublishedPort> ports(List<String> ports, ContainerSettings settings,
            List<InvalidSetting> errors) {
        if (ports == null || ports.isEmpty()) {
            return List.of();
        }
        if (!settings.publishesPorts()) {
            errors.add(new InvalidSetting("ports", "ports cannot be mapped with networkMode '"
                    + settings.networkMode() + "': "
                    + (settings.networkMode().equals("host") ? "the container uses the device's ports directly"
                            : "the container has no network of its own to publish")));
            return List.of();
        }
        List<PublishedPort> mappings = new ArrayList<>();
        Set<String> hostPorts = new HashSet<>();
        for (String port : ports) {
            Matcher matcher = PORT.matcher((port != null) ? port : "");
            if (!matcher.matches()) {
                errors.add(new InvalidSetting("ports", "port '" + port + "' must be hostPort:containerPort[/tcp|udp]"));
                continue;
            }
            int hostPort = Integer.parseInt(matcher.group(1));
            int containerPort = Integer.parseInt(matcher.group(2));
            String protocol = (matcher.group(3) != null) ? matcher.group(3) : "tcp";
            if (!validPort(hostPort) || !validPort(containerPort)) {
                errors.add(new InvalidSetting("ports", "port '" + port + "': port numbers must be between 1 and "
                        + "65535"));
            }
            else if (!hostPorts.add(hostPort + "/" + protocol)) {
                errors.add(new InvalidSetting("ports", "port '" + port + "': host port " + hostPort + "/" + protocol
                        + " is mapped twice"));
            }
            else {
                mappings.add(new PublishedPort(hostPort, containerPort, protocol));
            }
        }
        return mappings;
    }

    private static List<String> environment(List<String> env, List<InvalidSetting> errors) {
        if (env == null) {
            return List.of();
        }
        for (String variable : env) {
            int equals = (variable != null) ? variable.indexOf('=') : -1;
            if (equals < 0 || !ENV_KEY.matcher(variable.substring(0, equals)).matches()) {
                errors.add(new InvalidSetting("env", "env '" + variable + "' must be KEY=value with KEY matching "
                        + ENV_KEY.pattern()));
            }
        }
        return env.stream().filter(Objects::nonNull).toList();
    }

    private static boolean validPort(int port) {
        return port >= 1 && port <= 65535;
    }

}
