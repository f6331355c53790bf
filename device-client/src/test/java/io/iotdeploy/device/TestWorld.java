package io.iotdeploy.device;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AuthConfig;

/**
 * The Docker world that {@code ./iotdeploy test} (or {@code up}) starts for the integration tests: the build
 * host's engine, the private and the upstream registry and the simulated devices, read from the
 * {@code world.json} the launcher writes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TestWorld(String privateRegistry, String upstreamRegistry, String buildEngine, String launcher,
        String stateDir, List<Device> devices) {

    /**
     * @param appPorts for a device whose container ports are reached through forwards (an arm64 virtual machine:
     *                 host ports on the host's address lead to ports of the VM), {@code null} for a device reached
     *                 at its own address
     * @param tls      its engine runs with {@code --tlsverify} (port 2376) and answers only clients with a
     *                 certificate of the platform CA; {@code false} for a plain-TCP engine (2375)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(String name, String address, int apiPort, AppPorts appPorts, boolean tls) {

        @JsonCreator
        public Device {
        }

        /** A plain-TCP device (no TLS). */
        public Device(String name, String address, int apiPort) {
            this(name, address, apiPort, null, false);
        }

        public String dockerHost() {
            return "tcp://" + this.address + ":" + this.apiPort;
        }

    }

    /**
     * Host ports {@code hostFirst}…{@code hostLast} on the device's address forward to the device's ports from
     * {@code deviceFirst} on: publish a container on {@code deviceFirst + k}, reach it at {@code hostFirst + k}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AppPorts(int hostFirst, int hostLast, int deviceFirst) {

        /** The host port that reaches the device's port {@code devicePort}. */
        public int hostPort(int devicePort) {
            int port = this.hostFirst + (devicePort - this.deviceFirst);
            if (devicePort < this.deviceFirst || port > this.hostLast) {
                throw new IllegalArgumentException("the device's port " + devicePort + " is not forwarded (only "
                        + this.deviceFirst + "-" + (this.deviceFirst + this.hostLast - this.hostFirst) + ")");
            }
            return port;
        }

    }

    public static TestWorld load() {
        Path file = locate();
        try {
            return JsonMapper.shared().readValue(file.toFile(), TestWorld.class);
        }
        catch (JacksonException ex) {
            throw new IllegalStateException("cannot read the test world " + file, ex);
        }
    }

    private static Path locate() {
        String configured = System.getenv("IOTDEPLOY_WORLD");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".iotdeploy/world.json");
            if (Files.isReadable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No test world found (.iotdeploy/world.json). Integration tests run "
                + "against real Docker Engines, registries and simulated devices: run ./iotdeploy test, "
                + "which starts them, or ./iotdeploy up.");
    }

    public Device device(int index) {
        if (this.devices.size() <= index) {
            throw new IllegalStateException("the test world has " + this.devices.size() + " device(s); this test needs "
                    + (index + 1) + ": start them with ./iotdeploy test or ./iotdeploy up --devices " + (index + 1));
        }
        return this.devices.get(index);
    }

    /** The arm64 device (a virtual machine whose Docker Engine really is arm64): the first whose name starts with "arm". */
    public Device armDevice() {
        return this.devices.stream()
            .filter((device) -> device.name().startsWith("arm"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("The test world has no arm64 device, and this test "
                    + "needs one: ./iotdeploy test starts one (arm1); on a running platform start it with ./iotdeploy "
                    + "device start arm1 (or ./iotdeploy up --arm-devices 1)."));
    }

    /** The platform's certificate authority and the certificates the launcher issued ({@code scripts/pki.sh}). */
    public Path pkiDir() {
        return Path.of(this.stateDir, "pki");
    }

    /** Where the launcher keeps a secret ({@code secrets/NAME}, 0600): what a service's {@code password-file} is. */
    public Path secretFile(String name) {
        return Path.of(this.stateDir, "secrets", name);
    }

    /** A secret the launcher keeps in the state folder ({@code secrets/NAME}, 0600), e.g. a registry password. */
    public String secret(String name) {
        Path file = secretFile(name);
        try {
            return Files.readString(file).strip();
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot read the secret " + file + " (does ./iotdeploy make it?)", ex);
        }
    }

    /** The platform's client certificate for device engines ({@code pki/client}), as the services use it. */
    public EngineTls engineTls() {
        return EngineTls.fromDirectory(pkiDir().resolve("client"));
    }

    /** The engine's TLS material: the platform's client certificate for a TLS device, none for a plain one. */
    public EngineTls tls(Device device) {
        return device.tls() ? engineTls() : null;
    }

    /** The private registry's API: HTTPS, trusted through the test JVM's trust store (the platform CA). */
    public URI privateRegistryUri(String path) {
        return URI.create("https://" + this.privateRegistry + path);
    }

    /**
     * An {@code Authorization} header value (HTTP Basic) for a registry user the launcher made: {@code "builder"}
     * ({@code iotdeploy-builder}, push and pull) or {@code "device"} ({@code iotdeploy-device}, pull only).
     */
    public String registryAuthorization(String role) {
        String credentials = "iotdeploy-" + role + ":" + secret("registry-" + role + ".password");
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What an engine pushes ({@code "builder"}) or pulls ({@code "device"}) with at the private registry
     * ({@code X-Registry-Auth}, for that call only).
     */
    public AuthConfig registryAuth(String role) {
        return new AuthConfig().withRegistryAddress(this.privateRegistry).withUsername("iotdeploy-" + role)
            .withPassword(secret("registry-" + role + ".password"));
    }

    /** Whether a container called {@code name} exists on the device, running or not. */
    public boolean hasContainer(Device device, String name) throws IOException {
        try (DockerClient docker = control(device)) {
            docker.inspectContainerCmd(name).exec();
            return true;
        }
        catch (com.github.dockerjava.api.exception.NotFoundException ex) {
            return false;
        }
    }

    public DockerClient control(Device device) {
        return DockerEngines.connect(EngineConnection.control(device.dockerHost(), tls(device)));
    }

    public DockerClient streaming(Device device) {
        return DockerEngines.connect(EngineConnection.streaming(device.dockerHost(), tls(device)));
    }

    public DockerClient buildEngineClient() {
        return DockerEngines.connect(EngineConnection.streaming(this.buildEngine));
    }

    /** Stops (the device's engine ends, its link goes down) or starts a device through the launcher. */
    public void launcher(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = this.launcher;
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            // the launcher acts on this world (e.g. the test platform's state folder), whichever started it
            builder.environment().put("IOTDEPLOY_STATE", this.stateDir);
            Process process = builder.start();
            if (!process.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 3 minutes");
            }
            String output = new String(process.getInputStream().readAllBytes());
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot run " + this.launcher, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + this.launcher, ex);
        }
    }

}
