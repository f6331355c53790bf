package io.iotdeploy.containerization;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.iotdeploy.device.TestWorld;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The base images that the launcher makes from Debian packages: one multi-architecture tag in the upstream
 * registry, and Java 17 runs in each architecture's image (arm64 under QEMU user emulation).
 */
class BaseImageIntegrationTests {

    private static TestWorld world;

    @BeforeAll
    static void loadWorld() {
        world = TestWorld.load();
    }

    @Test
    void javaBaseIsOneTagForBothArchitectures() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("https://" + world.upstreamRegistry() + "/v2/base/java/manifests/17"))
            .header("Accept", "application/vnd.docker.distribution.manifest.list.v2+json")
            .timeout(Duration.ofSeconds(10))
            .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = JsonMapper.shared().readTree(response.body());
        assertThat(list.get("mediaType").asString()).isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
        List<String> platforms = new ArrayList<>();
        list.get("manifests").forEach((entry) -> platforms
            .add(entry.get("platform").get("os").asString() + "/" + entry.get("platform").get("architecture").asString()));
        assertThat(platforms).containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
    }

    // arm64 first: the build engine's local tag should end on its own architecture
    @ParameterizedTest
    @CsvSource({ "linux/arm64, aarch64", "linux/amd64, x86_64" })
    void javaRunsInEachArchitecture(String platform, String machine) throws Exception {
        String image = world.upstreamRegistry() + "/base/java";
        try (DockerClient docker = world.buildEngineClient()) {
            assertThat(docker.pullImageCmd(image).withTag("17").withPlatform(platform)
                .exec(new PullImageResultCallback()).awaitCompletion(5, TimeUnit.MINUTES)).isTrue();
            String id = docker.createContainerCmd(image + ":17")
                .withPlatform(platform)
                .withCmd("sh", "-c", "uname -m && java -version")
                .exec().getId();
            try {
                docker.startContainerCmd(id).exec();
                Integer status = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(3, TimeUnit.MINUTES);
                StringBuilder output = new StringBuilder();
                docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            output.append(new String(frame.getPayload()));
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
                assertThat(status).as(output.toString()).isZero();
                assertThat(output.toString()).startsWith(machine + "\n").contains("openjdk version \"17.");
            }
            finally {
                docker.removeContainerCmd(id).withForce(true).exec();
            }
        }
    }

}
