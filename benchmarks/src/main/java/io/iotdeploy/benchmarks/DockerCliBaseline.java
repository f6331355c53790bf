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
 * device ({@code DOCKER_HOST}), {@code docker create} there — each step timed.
 */
final class DockerCliBaseline {

    static final String CONTAINER = "bench_cli";

    private static final String DOCKER = "/usr/bin/docker";

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(20);

    private final TestWorld world;

    private final Path workDir;

    DockerCliBaseline(TestWorld world, Path workDir) {
        this.world = world;
        this.workDir = workDir;
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
        String buildHost = this.world.buildEngine();
        return List.of(
                List.of("-H", buildHost, "build", "-q", "-t", image, context.toString()),
                List.of("-H", buildHost, "push", image),
                List.of("-H", device.dockerHost(), "pull", image),
                List.of("-H", device.dockerHost(), "create", "--name", CONTAINER, image));
    }

    Measurement deploy(Scenario scenario, int repetition, Path jar, String application, String tag, String baseImage,
            TestWorld.Device device) throws IOException, InterruptedException {
        Path context = Files.createDirectories(this.workDir.resolve("cli-" + application + "-" + tag));
        Files.copy(jar, context.resolve("app.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(context.resolve("Dockerfile"),
                dockerfile(this.world.upstreamRegistry() + "/" + baseImage, scenario.runCommands()));
        String image = this.world.privateRegistry() + "/bench-cli/" + application + ":" + tag;
        run(List.of("-H", device.dockerHost(), "rm", "-f", CONTAINER), true);

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
        List<String> command = new ArrayList<>();
        command.add(DOCKER);
        command.addAll(arguments);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
