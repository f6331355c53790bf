package io.iotdeploy.system.fleet;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deployment-service killed ({@code kill -9}, as a crash) right after a release was handed to it for two devices:
 * started again, it continues from the stored desired state (its lease on the application expires, the test
 * platform's is short), and each device ends with exactly one container of the application, running the new release.
 */
class FleetRestartIntegrationTests {

    private static final String USER = "fleet_restart";

    private static final String APP = "restart_" + Long.toString(System.currentTimeMillis(), 36);

    private static final String SITE = "site=" + APP;

    /** The lease (15 s in the test platform) and a pass interval (5 s), with room for a busy machine. */
    private static final Duration CONVERGED = Duration.ofSeconds(150);

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestGateway user;

    static final List<TestWorld.Device> devices = new ArrayList<>();

    @BeforeAll
    static void twoTaggedDevices() throws Exception {
        world = TestWorld.load();
        user = TestGateway.asAdmin().user(USER);
        for (TestWorld.Device device : world.devices().subList(0, 2)) {
            long id = user.deviceId(device.address(), device.apiPort());
            TestGateway.Response tagged = user.send(user.request("/api/devices/" + id + "/tags")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(TestGateway.json.writeValueAsString(Map.of("site", APP))))
                .build());
            assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
            devices.add(device);
        }
    }

    @AfterAll
    static void removeTheApplication() throws Exception {
        // whatever happened above, deployment-service runs again for the tests after this one
        world.launcher("service", "start", "deployment-service");
        TestGateway.Response undeploy = user.post("/api/applications/" + APP + "/deployments",
                Map.of("target", Map.of("selector", SITE), "state", "removed"));
        if (undeploy.status() == 201) {
            String location = "/api/applications/" + APP + "/deployments/" + undeploy.json().get("id").asLong();
            long deadline = System.nanoTime() + CONVERGED.toNanos();
            while (System.nanoTime() < deadline && !all(user.get(location).json(), "removed")) {
                Thread.sleep(250);
            }
        }
        for (TestWorld.Device device : devices) {
            try (DockerClient docker = world.control(device)) {
                containersOf(docker).forEach((container) -> docker.removeContainerCmd(container.getId())
                    .withForce(true)
                    .exec());
            }
        }
    }

    @Test
    void aCrashMidDeploymentEndsWithEveryDeviceOnTheNewReleaseInOneContainer() throws Exception {
        TestGateway.Response first = upload(TestApps.helloServerJar(dir.resolve("v1"), "restart v1"), "true");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);

        TestGateway.Response second = upload(TestApps.helloServerJar(dir.resolve("v2"), "restart v2"), "false");
        assertThat(second.status()).as(second.toString()).isEqualTo(202);
        world.launcher("service", "kill", "deployment-service");
        world.launcher("service", "start", "deployment-service");

        String location = "/api/applications/" + APP + "/deployments/" + second.json().get("deployment").get("id")
            .asLong();
        long deadline = System.nanoTime() + CONVERGED.toNanos();
        JsonNode deployment = user.get(location).json();
        while (System.nanoTime() < deadline && !allRunning(deployment)) {
            Thread.sleep(250);
            deployment = user.get(location).json();
        }
        assertThat(allRunning(deployment)).as("every device running release 2 after the restart: " + deployment)
            .isTrue();
        for (TestWorld.Device device : devices) {
            try (DockerClient docker = world.control(device)) {
                List<Container> containers = containersOf(docker);
                assertThat(containers).as("the containers of " + APP + " on " + device.name()).hasSize(1);
                assertThat(containers.get(0).getLabels()).containsEntry("iotdeploy.release", "2");
                assertThat(containers.get(0).getState()).isEqualTo("running");
            }
        }
    }

    private static TestGateway.Response upload(Path jar, String wait) throws Exception {
        return user.upload("/upload", TestGateway.form("networkConfig", "bridge", "containerName", APP, "imageName",
                "base/java:17", "tags", SITE, "wait", wait, "file", jar));
    }

    private static boolean allRunning(JsonNode deployment) {
        return all(deployment, "running");
    }

    private static boolean all(JsonNode deployment, String state) {
        JsonNode entries = deployment.get("devices");
        if (entries == null || entries.size() != devices.size()) {
            return false;
        }
        for (JsonNode entry : entries) {
            if (!state.equals(entry.get("state").asString())) {
                return false;
            }
        }
        return true;
    }

    private static List<Container> containersOf(DockerClient docker) {
        return docker.listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of("iotdeploy.application", APP))
            .exec();
    }

}
