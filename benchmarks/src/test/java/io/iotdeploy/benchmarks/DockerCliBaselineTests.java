package io.iotdeploy.benchmarks;

import java.nio.file.Path;
import java.util.List;

import io.iotdeploy.device.TestWorld;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerCliBaselineTests {

    private final TestWorld world = new TestWorld("10.77.0.1:5000", "10.77.0.1:5001",
            "unix:///run/iotdeploy/build-engine.sock", "/x/iotdeploy", "/x/.iotdeploy",
            List.of(new TestWorld.Device("dev1", "10.77.0.11", 2376, null, true),
                    new TestWorld.Device("pi", "10.77.0.40", 2375)));

    @Test
    void buildsAndPushesOnTheBuildHostThenPullsAndCreatesOnTheDevice() {
        DockerCliBaseline baseline = new DockerCliBaseline(this.world, Path.of("/tmp/bench"));
        List<List<String>> commands = baseline.commands("10.77.0.1:5000/bench-cli/app:v1", Path.of("/ctx"),
                this.world.device(0));
        List<String> builder = List.of("--config", "/tmp/bench/docker-config/builder", "-H",
                "unix:///run/iotdeploy/build-engine.sock");
        List<String> device = List.of("--config", "/tmp/bench/docker-config/device", "--tlsverify", "--tlscacert",
                "/x/.iotdeploy/pki/client/ca.pem", "--tlscert", "/x/.iotdeploy/pki/client/cert.pem", "--tlskey",
                "/x/.iotdeploy/pki/client/key.pem", "-H", "tcp://10.77.0.11:2376");
        assertThat(commands).containsExactly(
                concat(builder, "build", "-q", "-t", "10.77.0.1:5000/bench-cli/app:v1", "/ctx"),
                concat(builder, "push", "10.77.0.1:5000/bench-cli/app:v1"),
                concat(device, "pull", "10.77.0.1:5000/bench-cli/app:v1"),
                concat(device, "create", "--name", "bench_cli", "10.77.0.1:5000/bench-cli/app:v1"));
    }

    @Test
    void aPlainDeviceGetsNoTlsFlags() {
        DockerCliBaseline baseline = new DockerCliBaseline(this.world, Path.of("/tmp/bench"));
        assertThat(baseline.device(this.world.device(1))).containsExactly("--config",
                "/tmp/bench/docker-config/device", "-H", "tcp://10.77.0.40:2375");
    }

    private static List<String> concat(List<String> options, String... arguments) {
        List<String> command = new java.util.ArrayList<>(options);
        command.addAll(List.of(arguments));
        return command;
    }

    @Test
    void theDockerfileIsTheOneThePlatformGenerates() {
        assertThat(DockerCliBaseline.dockerfile("10.77.0.1:5001/base/java:17", List.of()))
            .isEqualTo("FROM 10.77.0.1:5001/base/java:17\nADD app.jar /app/app.jar\n"
                    + "ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]\n");
        assertThat(DockerCliBaseline.dockerfile("b", Scenario.RUN_COMMANDS))
            .startsWith("FROM b\nRUN apt-get update").contains("\nADD app.jar");
    }

}
