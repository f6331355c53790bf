package io.iotdeploy.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario once, against the running test platform and the real Docker CLI: every figure is there, the
 * times that must be positive are, and the charts are written. (The figures themselves are the benchmark's
 * business, never a pass/fail criterion.)
 */
class BenchmarkSmokeIntegrationTests {

    @Test
    void everyScenarioOnceWithEveryFigure(@TempDir Path out) throws Exception {
        TestGateway gateway = TestGateway.asAdmin().user("bench");
        DeployBenchmark.Options options = DeployBenchmark.Options.parse(new String[] { "--reps", "1", "--out", out.toString() });
        new DeployBenchmark(TestWorld.load(), gateway, options).run();

        JsonNode results = JsonMapper.shared().readTree(out.resolve("results.json").toFile());
        assertThat(results.get("scenarios")).hasSize(6);
        for (JsonNode scenario : results.get("scenarios")) {
            for (String pipeline : new String[] { "platform", "docker-cli" }) {
                JsonNode steps = scenario.get(pipeline);
                for (String step : new String[] { "overall", "create_image", "push", "pull", "create_container" }) {
                    assertThat(steps.get(step).get("average").asDouble()).as(scenario.get("scenario") + " " + pipeline
                            + " " + step).isGreaterThanOrEqualTo(0);
                }
                assertThat(steps.get("overall").get("min").asLong()).isPositive();
                assertThat(steps.get("create_container").get("min").asLong()).isPositive();
            }
            if (scenario.get("scenario").asString().startsWith("1")) {
                // nothing cached: both pipelines really build, push and pull
                for (String pipeline : new String[] { "platform", "docker-cli" }) {
                    for (String step : new String[] { "create_image", "push", "pull" }) {
                        assertThat(scenario.get(pipeline).get(step).get("min").asLong())
                            .as(scenario.get("scenario") + " " + pipeline + " " + step).isPositive();
                    }
                }
            }
            assertThat(scenario.get("ratioOfMedians").get("overall").asDouble()).isPositive();
        }
        assertThat(Files.readString(out.resolve("results.csv")).lines()).hasSize(1 + 6 * 2);
        for (String chart : new String[] { "overall", "create-image", "push", "pull", "create-container" }) {
            assertThat(out.resolve(chart + ".png")).isNotEmptyFile();
        }
    }

}
