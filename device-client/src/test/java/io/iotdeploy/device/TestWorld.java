package io.iotdeploy.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;

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
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(String name, String address, int apiPort, AppPorts appPorts) {

        @JsonCreator
        public Device {
        }

        public Device(String name, String address, int apiPort) {
            this(name, address, apiPort, null);
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
            return new ObjectMapper().readValue(file.toFile(), TestWorld.class);
        }
        catch (IOException ex) {
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

    /** A secret the launcher keeps in the state folder ({@code secrets/NAME}, 0600), e.g. a registry password. */
    public String secret(String name) {
        Path file = Path.of(this.stateDir, "secrets", name);
        try {
            return Files.readString(file).strip();
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot read the secret " + file + " (does ./iotdeploy make it?)", ex);
        }
    }

    public DockerClient control(Device device) {
        return DockerEngines.connect(EngineConnection.control(device.dockerHost()));
    }

    public DockerClient streaming(Device device) {
        return DockerEngines.connect(EngineConnection.streaming(device.dockerHost()));
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
