package io.iotdeploy.benchmarks;

import java.nio.file.Path;
import java.util.List;

import io.iotdeploy.device.TestWorld;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerCliBaselineTests {

    private final TestWorld world = new TestWorld("10.77.0.1:5000", "10.77.0.1:5001",
            "unix:///run/iotdeploy/build-engine.sock", "/x/iotdeploy", "/x/.iotdeploy",
            List.of(new TestWorld.Device("dev1", "10.77.0.11", 2375)));

    @Test
    void buildsAndPushesOnTheBuildHostThenPullsAndCreatesOnTheDevice() {
        DockerCliBaseline baseline = new DockerCliBaseline(this.world, Path.of("/tmp"));
        List<List<String>> commands = baseline.commands("10.77.0.1:5000/bench-cli/app:v1", Path.of("/ctx"),
                this.world.device(0));
        assertThat(commands).containsExactly(
                List.of("-H", "unix:///run/iotdeploy/build-engine.sock", "build", "-q", "-t",
                        "10.77.0.1:5000/bench-cli/app:v1", "/ctx"),
                List.of("-H", "unix:///run/iotdeploy/build-engine.sock", "push", "10.77.0.1:5000/bench-cli/app:v1"),
                List.of("-H", "tcp://10.77.0.11:2375", "pull", "10.77.0.1:5000/bench-cli/app:v1"),
                List.of("-H", "tcp://10.77.0.11:2375", "create", "--name", "bench_cli", "10.77.0.1:5000/bench-cli/app:v1"));
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
