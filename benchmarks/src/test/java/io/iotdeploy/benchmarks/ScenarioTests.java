package io.iotdeploy.benchmarks;

import java.nio.file.Path;
import java.util.List;

import io.iotdeploy.device.TestWorld;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ScenarioTests {

    @Test
    void theThesisScenarios() {
        assertThat(Scenario.parse("1a").purgesFirst()).isTrue();
        assertThat(Scenario.parse("1A").runCommands()).isEmpty();
        assertThat(Scenario.parse("2b").purgesFirst()).isFalse();
        assertThat(Scenario.parse("2b").changesApplication()).isFalse();
        assertThat(Scenario.parse("2b").baseImage()).isEqualTo("base/java-build:17");
        assertThat(Scenario.parse("3a").changesApplication()).isTrue();
        assertThat(Scenario.parse("3b").runCommands()).singleElement().asString().contains("apt-get install");
        assertThatIllegalArgumentException().isThrownBy(() -> Scenario.parse("4a"));
    }

    @Test
    void optionsHaveTheThesisDefaults() {
        DeployBenchmark.Options options = DeployBenchmark.Options.parse(new String[0]);
        assertThat(options.repetitions()).isEqualTo(10);
        assertThat(options.scenarios()).hasSize(6);
        DeployBenchmark.Options smoke = DeployBenchmark.Options.parse(
                new String[] { "--reps", "1", "--scenarios", "1a,3b", "--out", "/tmp/x" });
        assertThat(smoke.repetitions()).isEqualTo(1);
        assertThat(smoke.scenarios()).containsExactly(Scenario.S1A, Scenario.S3B);
        assertThat(smoke.out()).isEqualTo(Path.of("/tmp/x"));
        assertThatIllegalArgumentException().isThrownBy(() -> DeployBenchmark.Options.parse(new String[] { "--reps" }));
    }

    @Test
    void purgeTakesOnlyTheRegistriesImagesAndTheBenchmarksContainers() {
        Purge purge = new Purge(new TestWorld("10.77.0.1:5000", "10.77.0.1:5001", "unix:///b", "/l", "/s", List.of()), null);
        assertThat(purge.isFromTheRegistries(List.of("10.77.0.1:5000/bench-cli/a:v1"))).isTrue();
        assertThat(purge.isFromTheRegistries(List.of("10.77.0.1:5001/base/java:17"))).isTrue();
        assertThat(purge.isFromTheRegistries(List.of("debian:bookworm"))).isFalse();
        assertThat(Purge.isBenchmarks(new String[] { "/bench_1a_x" })).isTrue();
        assertThat(Purge.isBenchmarks(new String[] { "/sensor_collector" })).isFalse();
    }

}
