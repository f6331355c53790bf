package io.iotdeploy.deployment.container;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.iotdeploy.deployment.container.ContainerSpec.PortMapping;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * What the caller asks to run on a device, as sent.
 *
 * @param networkMode {@code bridge} (the default) or {@code host}
 * @param ports       {@code hostPort:containerPort[/tcp|udp]}, only with {@code bridge}
 * @param env         {@code KEY=value}
 * @param start       start the container once created (default {@code true})
 * @param replace     replace a container of the same name (default {@code false})
 */
record DeploymentRequest(String image, String containerName, String networkMode, List<String> ports,
        List<String> env, Boolean start, Boolean replace) {

    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    private static final Pattern PORT = Pattern.compile("(\\d{1,5}):(\\d{1,5})(?:/(tcp|udp))?");

    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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
        else if (!CONTAINER_NAME.matcher(this.containerName).matches()) {
            errors.add("containerName '" + this.containerName + "' must match " + CONTAINER_NAME.pattern());
        }
        String mode = (this.networkMode != null) ? this.networkMode : "bridge";
        if (!mode.equals("bridge") && !mode.equals("host")) {
            errors.add("networkMode '" + this.networkMode + "' must be 'bridge' or 'host'");
        }
        List<PortMapping> mappings = ports(mode, errors);
        List<String> variables = environment(errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new ContainerSpec(reference, this.containerName, mode, mappings, variables,
                !Boolean.FALSE.equals(this.start), Boolean.TRUE.equals(this.replace));
    }

    private List<PortMapping> ports(String mode, List<String> errors) {
        if (this.ports == null || this.ports.isEmpty()) {
            return List.of();
        }
        if (mode.equals("host")) {
            errors.add("ports cannot be mapped with networkMode 'host': the container uses the device's ports directly");
            return List.of();
        }
        List<PortMapping> mappings = new ArrayList<>();
        Set<String> hostPorts = new HashSet<>();
        for (String port : this.ports) {
            Matcher matcher = PORT.matcher((port != null) ? port : "");
            if (!matcher.matches()) {
                errors.add("port '" + port + "' must be hostPort:containerPort[/tcp|udp]");
                continue;
            }
            int hostPort = Integer.parseInt(matcher.group(1));
            int containerPort = Integer.parseInt(matcher.group(2));
            String protocol = (matcher.group(3) != null) ? matcher.group(3) : "tcp";
            if (!validPort(hostPort) || !validPort(containerPort)) {
                errors.add("port '" + port + "': port numbers must be between 1 and 65535");
            }
            else if (!hostPorts.add(hostPort + "/" + protocol)) {
                errors.add("port '" + port + "': host port " + hostPort + "/" + protocol + " is mapped twice");
            }
            else {
                mappings.add(new PortMapping(hostPort, containerPort, protocol));
            }
        }
        return mappings;
    }

    private List<String> environment(List<String> errors) {
        if (this.env == null) {
            return List.of();
        }
        for (String variable : this.env) {
            int equals = (variable != null) ? variable.indexOf('=') : -1;
            if (equals < 0 || !ENV_KEY.matcher(variable.substring(0, equals)).matches()) {
                errors.add("env '" + variable + "' must be KEY=value with KEY matching " + ENV_KEY.pattern());
            }
        }
        return this.env.stream().filter(Objects::nonNull).toList();
    }

    private static boolean validPort(int port) {
        return port >= 1 && port <= 65535;
    }

    private static ErrorResponseException invalid(List<String> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", errors));
        problem.setTitle("Invalid deployment");
        problem.setProperty("errors", errors);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

}
