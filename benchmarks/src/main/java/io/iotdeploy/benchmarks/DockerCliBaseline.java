package io.iotdeploy.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.iotdeploy.device.TestWorld;

/**
 * What the platform replaces: the plain Docker CLI pipeline a person runs by hand, on the same machine, registry
 * and device — {@code docker build} on the build host's engine, {@code docker push}, {@code docker pull} on the
 * device ({@code -H}, with the platform's client certificate for a TLS device), {@code docker create} there — each
 * step timed. As a person would, the CLI is logged in to the registry beforehand ({@code docker login}, not timed):
 * as the builder for the push, as the pull-only device user for the pull, each in a config folder of its own.
 */
final class DockerCliBaseline {

    static final String CONTAINER = "bench_cli";

    private static final String DOCKER = "/usr/bin/docker";

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(20);

    private final TestWorld world;

    private final Path workDir;

    private boolean loggedIn;

    DockerCliBaseline(TestWorld world, Path workDir) {
        this.world = world;
        this.workDir = workDir;
    }

    /** The CLI's config folder (credentials) for {@code role}: {@code builder} or {@code device}. */
    Path config(String role) {
        return this.workDir.resolve("docker-config").resolve(role);
    }

    /** The global options that reach the build host's engine, logged in as the builder. */
    List<String> buildHost() {
        return List.of("--config", config("builder").toString(), "-H", this.world.buildEngine());
    }

    /** The global options that reach the device's engine: its TLS flags, logged in as the pull-only user. */
    List<String> device(TestWorld.Device device) {
        List<String> options = new ArrayList<>(List.of("--config", config("device").toString()));
        if (device.tls()) {
            Path client = this.world.engineTls().directory();
            options.addAll(List.of("--tlsverify", "--tlscacert", client.resolve("ca.pem").toString(), "--tlscert",
                    client.resolve("cert.pem").toString(), "--tlskey", client.resolve("key.pem").toString()));
        }
        options.addAll(List.of("-H", device.dockerHost()));
        return options;
    }

    /** {@code docker login} as the builder on the build host and as the device user on the device, once. */
    void login(TestWorld.Device device) throws IOException, InterruptedException {
        if (this.loggedIn) {
            return;
        }
        login(buildHost(), "builder");
        login(device(device), "device");
        this.loggedIn = true;
    }

    private void login(List<String> engine, String role) throws IOException, InterruptedException {
        Files.createDirectories(config(role));
        List<String> arguments = new ArrayList<>(engine);
        arguments.addAll(List.of("login", "-u", "iotdeploy-" + role, "--password-stdin", this.world.privateRegistry()));
        // the password on standard input: never on a command line
        run(arguments, this.world.secret("registry-" + role + ".password"), false);
    }

    /** The Dockerfile the platform generates too (thesis Listing 4.1). */
    static String dockerfile(String baseImage, List<String> runCommands) {
        StringBuilder dockerfile = new StringBuilder("FROM " + baseImage + "\n");
        runCommands.forEach((command) -> dockerfile.append("RUN ").append(command).append('\n'));
        dockerfile.append("ADD app.jar /app/app.jar\n");
        dockerfile.append("ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]\n");
        return dockerfile.toString();
    }

    /** The commands, in order, that deploy {@code image} from {@code context} onto the device. */
    List<List<String>> commands(String image, Path context, TestWorld.Device device) {
        return List.of(
                with(buildHost(), "build", "-q", "-t", image, context.toString()),
                with(buildHost(), "push", image),
                with(device(device), "pull", image),
                with(device(device), "create", "--name", CONTAINER, image));
    }

    private static List<String> with(List<String> options, String... arguments) {
        List<String> command = new ArrayList<>(options);
        command.addAll(List.of(arguments));
        return command;
    }

    Measurement deploy(Scenario scenario, int repetition, Path jar, String application, String tag, String baseImage,
            TestWorld.Device device) throws IOException, InterruptedException {
        Path context = Files.createDirectories(this.workDir.resolve("cli-" + application + "-" + tag));
        Files.copy(jar, context.resolve("app.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(context.resolve("Dockerfile"),
                dockerfile(this.world.upstreamRegistry() + "/" + baseImage, scenario.runCommands()));
        String image = this.world.privateRegistry() + "/bench-cli/" + application + ":" + tag;
        login(device);
        run(with(device(device), "rm", "-f", CONTAINER), true);

        List<List<String>> commands = commands(image, context, device);
        Step[] steps = { Step.CREATE_IMAGE, Step.PUSH, Step.PULL, Step.CREATE_CONTAINER };
        Map<Step, Long> millis = new EnumMap<>(Step.class);
        long overall = 0;
        for (int i = 0; i < steps.length; i++) {
            long took = run(commands.get(i), false);
            millis.put(steps[i], took);
            overall += took;
        }
        millis.put(Step.OVERALL, overall);
        return new Measurement(scenario, Measurement.BASELINE, repetition, millis);
    }

    /** Runs one docker command; returns its wall time in milliseconds. */
    static long run(List<String> arguments, boolean mayFail) throws IOException, InterruptedException {
        return run(arguments, null, mayFail);
    }

    private static long run(List<String> arguments, String input, boolean mayFail)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(DOCKER);
        command.addAll(arguments);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + STEP_TIMEOUT);
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (process.exitValue() != 0 && !mayFail) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output));
        }
        return took;
    }

}
