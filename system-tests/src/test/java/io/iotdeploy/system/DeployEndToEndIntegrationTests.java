package io.iotdeploy.system;

import java.io.IOException;
import java.net.URI;



import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One application's life through the gateway only, as {@code curl} drives it: register a device, upload a real
 * jar with the thesis' form, and check on the device itself that it runs and answers; then logs, stats, every
 * container action, an unchanged redeploy (nothing built or pushed) and a changed one (only its own layer).
 * Each upload is a release of the application underneath, and the device's desired state: what the dashboard's
 * Applications pages show and what the reconciler keeps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployEndToEndIntegrationTests {

    private static final String CONTAINER = "e2e_sensor_collector";

    // the test registry outlives a test run: a version of its own makes "new" and "changed" new to it
    private static final String V1 = "collector v1 " + Long.toString(System.currentTimeMillis(), 36);

    private static final String V2 = "collector v2 " + Long.toString(System.currentTimeMillis(), 36);


    @TempDir
    static Path dir;

    static TestWorld world;

    static TestWorld.Device device;

    static TestGateway alice;

    static long deviceId;

    static int hostPort;

    /** The release the first upload made (the platform outlives a test run: not always 1). */
    static int firstRelease;

    @BeforeAll
    static void registerDevice() throws Exception {
        world = TestWorld.load();
        device = world.device(0);
        alice = TestGateway.asAdmin().user("alice");
        hostPort = 18100 + (int) (ProcessHandle.current().pid() % 100);
        TestGateway.Response registered = alice.post("/api/devices",
                Map.of("address", device.address(), "port", device.apiPort()));
        if (registered.status() == 409) {
            registered = alice.get("/api/devices?address=" + device.address());
            deviceId = registered.json().get(0).get("id").asLong();
        }
        else {
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            assertThat(registered.json().get("state").asString()).isEqualTo("online");
            assertThat(registered.json().get("architecture").asString()).isEqualTo("x86_64");
            deviceId = registered.json().get("id").asLong();
        }
        removeOnDevice();
    }

    @AfterAll
    static void cleanUp() {
        removeOnDevice();
    }

    @Test
    @Order(1)
    void uploadDeploysARunningContainerThatAnswersOnItsMappedPort() throws Exception {
        Path jar = TestApps.helloServerJar(dir, V1);
        TestGateway.Response deployed = alice.upload("/upload", TestGateway.form("ip", device.address(), "networkConfig",
                "bridge", "containerName", CONTAINER, "imageName", "base/java:17", "ports", hostPort + ":8000",
                "file", jar));

        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
        JsonNode body = deployed.json();
        assertThat(body.get("image").asString()).startsWith(world.privateRegistry() + "/alice/" + CONTAINER + ":");
        assertThat(body.get("built").asBoolean()).isTrue();
        assertThat(body.get("pushed").asBoolean()).isTrue();
        for (String step : new String[] { "buildMillis", "pushMillis", "pullMillis", "createMillis", "startMillis" }) {
            assertThat(body.get("steps").has(step)).as("step " + step + " in " + body).isTrue();
        }
        assertThat(inspect().getState().getRunning()).isTrue();
        assertThat(inspect().getConfig().getLabels()).containsEntry("iotdeploy.owner", "alice");
        assertThat(answer()).isEqualTo(V1 + " from amd64\n");

        // a release underneath: the container carries its number, the device's desired state is it
        assertThat(body.get("release").get("application").asString()).isEqualTo(CONTAINER);
        assertThat(body.get("release").get("created").asBoolean()).isTrue();
        firstRelease = body.get("release").get("number").asInt();
        assertThat(body.get("deployment").get("target").get("kind").asString()).isEqualTo("device");
        assertThat(body.get("deployment").get("target").get("value").asString()).isEqualTo(Long.toString(deviceId));
        assertThat(inspect().getConfig().getLabels()).containsEntry("iotdeploy.application", CONTAINER)
            .containsEntry("iotdeploy.release", Integer.toString(firstRelease));
        String id = inspect().getId();
        JsonNode where = awaitDeviceState("running");
        assertThat(where.get("release").asInt()).isEqualTo(firstRelease);
        assertThat(inspect().getId()).as("the reconciler keeps the container the upload made").isEqualTo(id);
    }

    @Test
    @Order(2)
    void logsShowTheStartupLine() throws Exception {
        TestGateway.Response logs = alice.get(containerPath() + "/logs?tail=50");
        assertThat(logs.status()).as(logs.toString()).isEqualTo(200);
        assertThat(logs.body()).contains("hello-server listening on port 8000 (" + V1 + ")");
    }

    @Test
    @Order(3)
    void statsReportMemory() throws Exception {
        TestGateway.Response stats = alice.get(containerPath() + "/stats");
        assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
        assertThat(stats.json().get("memoryUsage").asLong()).isPositive();
        TestGateway.Response deviceStats = alice.get("/api/devices/" + deviceId + "/stats");
        assertThat(deviceStats.status()).as(deviceStats.toString()).isEqualTo(200);
        assertThat(deviceStats.json().get("memoryUsage").asLong()).isPositive();
    }

    @Test
    @Order(4)
    void containerActionsChangeTheRealStateOnTheDevice() throws Exception {
        assertThat(action("pause").status()).isEqualTo(200);
        assertThat(inspect().getState().getPaused()).isTrue();
        assertThat(action("unpause").status()).isEqualTo(200);
        assertThat(inspect().getState().getPaused()).isFalse();
        assertThat(action("stop").status()).isEqualTo(200);
        assertThat(inspect().getState().getRunning()).isFalse();
        // stopped by hand is the device's desired state now: the reconciler does not start it again
        awaitDeviceState("stopped");
        assertThat(inspect().getState().getRunning()).isFalse();
        assertThat(action("start").status()).isEqualTo(200);
        assertThat(inspect().getState().getRunning()).isTrue();
        assertThat(answer()).isEqualTo(V1 + " from amd64\n");
        TestGateway.Response list = alice.get("/api/devices/" + deviceId + "/containers");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(CONTAINER);
    }

    @Test
    @Order(5)
    void anUnchangedRedeployBuildsAndPushesNothing() throws Exception {
        String before = inspect().getId();
        Path jar = TestApps.helloServerJar(dir, V1);
        TestGateway.Response again = alice.upload("/upload", TestGateway.form("ip", device.address(), "networkConfig",
                "bridge", "containerName", CONTAINER, "imageName", "base/java:17", "ports", hostPort + ":8000",
                "replace", "true", "file", jar));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.json().get("built").asBoolean()).isFalse();
        assertThat(again.json().get("pushed").asBoolean()).isFalse();
        assertThat(again.json().get("release").get("number").asInt()).as("the same upload is the same release")
            .isEqualTo(firstRelease);
        assertThat(again.json().get("release").get("created").asBoolean()).isFalse();
        // the device runs that release already: its container is kept, nothing pulled, removed or re-created
        assertThat(again.json().get("kept").asBoolean()).isTrue();
        assertThat(inspect().getId()).isEqualTo(before);
        assertThat(answer()).isEqualTo(V1 + " from amd64\n");
    }

    @Test
    @Order(6)
    void aChangedApplicationPushesOnlyItsOwnLayer() throws Exception {
        Path jar = TestApps.helloServerJar(dir, V2);
        TestGateway.Response changed = alice.upload("/upload", TestGateway.form("ip", device.address(), "networkConfig",
                "bridge", "containerName", CONTAINER, "imageName", "base/java:17", "ports", hostPort + ":8000",
                "replace", "true", "file", jar));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(201);
        assertThat(changed.json().get("built").asBoolean()).isTrue();
        assertThat(changed.json().get("kept").asBoolean()).isFalse();
        // the application layer and the image config; the base layers are already in the registry
        assertThat(changed.json().get("layersPushed").asInt()).isBetween(1, 2);
        assertThat(changed.json().get("release").get("number").asInt()).isEqualTo(firstRelease + 1);
        assertThat(answer()).isEqualTo(V2 + " from amd64\n");
        assertThat(awaitDeviceState("running").get("release").asInt()).isEqualTo(firstRelease + 1);
        TestGateway.Response releases = alice.get("/api/applications/" + CONTAINER + "/releases");
        assertThat(releases.status()).as(releases.toString()).isEqualTo(200);
        assertThat(releases.json().size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(7)
    void removeTakesTheContainerOffTheDevice() throws Exception {
        TestGateway.Response removed = alice.delete(containerPath());
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThatThrownBy(DeployEndToEndIntegrationTests::inspect).isInstanceOf(NotFoundException.class);
        // removed by hand is the desired state: the reconciler does not bring it back
        awaitDeviceState("removed");
        assertThatThrownBy(DeployEndToEndIntegrationTests::inspect).isInstanceOf(NotFoundException.class);
    }

    /** The device's entry on the application's devices, once it has this state (bounded polling). */
    private static JsonNode awaitDeviceState(String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode entry = null;
        while (System.nanoTime() < deadline) {
            TestGateway.Response where = alice.get("/api/applications/" + CONTAINER + "/devices");
            assertThat(where.status()).as(where.toString()).isEqualTo(200);
            entry = null;
            for (JsonNode candidate : where.json()) {
                if (candidate.get("deviceId").asLong() == deviceId) {
                    entry = candidate;
                }
            }
            if (entry != null && state.equals(entry.get("state").asString())) {
                return entry;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("device " + deviceId + " did not reach " + state + " for " + CONTAINER + ": " + entry);
    }

    private static String containerPath() {
        return "/api/devices/" + deviceId + "/containers/" + CONTAINER;
    }

    private static TestGateway.Response action(String action) throws IOException, InterruptedException {
        TestGateway.Response response = alice.post(containerPath() + "/" + action);
        assertThat(response.status()).as(action + ": " + response).isEqualTo(200);
        return response;
    }

    /** What the deployed application answers on the device's address and the mapped port. */
    private static String answer() throws InterruptedException {
        return TestApps.awaitAnswer(URI.create("http://" + device.address() + ":" + hostPort + "/"), Duration.ofSeconds(60));
    }

    private static InspectContainerResponse inspect() throws IOException {
        try (DockerClient docker = world.control(device)) {
            return docker.inspectContainerCmd(CONTAINER).exec();
        }
    }

    private static void removeOnDevice() {
        try (DockerClient docker = world.control(device)) {
            docker.removeContainerCmd(CONTAINER).withForce(true).exec();
        }
        catch (NotFoundException | IOException ex) {
            // nothing to clean up
        }
    }


}
