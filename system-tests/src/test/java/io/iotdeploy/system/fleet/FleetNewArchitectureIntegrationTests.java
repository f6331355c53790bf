package io.iotdeploy.system.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.dockerjava.api.DockerClient;
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
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A device of an architecture the release was not built for joins its target later: the release is built for it,
 * from the artifact the release kept, once, on that platform's builder, and the device runs the same release. An x86
 * device is tagged and gets release 1 (built for amd64 only); then the arm64 VM device is tagged into the same
 * selector, and deployment-service's reconciler has the arm64 builder build release 1, adds the image to the release
 * and has the VM pull and run it, while the x86 container stays as it was. Checked in the registry itself (one more
 * platform tag, nothing else) and on the devices' engines.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetNewArchitectureIntegrationTests {

    private static final String USER = "fleet_arch";

    private static final String APP = "fleet_arch_" + Long.toString(System.currentTimeMillis(), 36);

    /** The VM's published ports are forwarded from the host in a fixed range (world.json appPorts). */
    private static final int DEVICE_PORT = 18002;

    /** A build under emulation is not needed (no RUN), but the VM's first pull and its JVM's start are slow. */
    private static final Duration ARM_PATIENCE = Duration.ofMinutes(6);

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestGateway user;

    static TestWorld.Device x86;

    static TestWorld.Device arm;

    static long x86Id;

    static long armId;

    static String x86Container;

    @BeforeAll
    static void anX86AndAnArmDevice() throws Exception {
        world = TestWorld.load();
        user = TestGateway.asAdmin().user(USER);
        x86 = world.device(0);
        arm = world.armDevice();
        x86Id = user.deviceId(x86.address(), x86.apiPort());
        armId = user.deviceId(arm.address(), arm.apiPort());
        tag(x86Id, Map.of("site", APP));
        tag(armId, Map.of());
    }

    @AfterAll
    static void removeTheApplication() throws Exception {
        TestGateway.Response undeploy = user.post("/api/applications/" + APP + "/deployments",
                Map.of("target", Map.of("selector", "site=" + APP), "state", "removed"));
        if (undeploy.status() == 201) {
            String location = "/api/applications/" + APP + "/deployments/" + undeploy.json().get("id").asLong();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline && !allRemoved(user.get(location).json())) {
                Thread.sleep(500);
            }
        }
        for (TestWorld.Device device : List.of(x86, arm)) {
            try (DockerClient docker = world.control(device)) {
                docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(APP)).exec().forEach(
                        (container) -> docker.removeContainerCmd(container.getId()).withForce(true).exec());
            }
        }
    }

    @Test
    @Order(1)
    void theFirstReleaseIsBuiltForTheX86DeviceOnly() throws Exception {
        Path jar = TestApps.helloServerJar(dir.resolve("v1"), "new architecture " + APP);
        TestGateway.Response deployed = user.upload("/upload", TestGateway.form("tags", "site=" + APP,
                "networkConfig", "bridge", "containerName", APP, "imageName", "base/java:17", "ports",
                DEVICE_PORT + ":8000", "file", jar));

        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
        assertThat(deployed.json().get("builds")).hasSize(1);
        assertThat(deployed.json().get("builds").get(0).get("platform").asString()).isEqualTo("linux/amd64");
        assertThat(platforms()).containsExactly("linux/amd64");
        assertThat(registryTags()).hasSize(2);
        x86Container = containerId(x86);
        assertThat(x86Container).isNotNull();
    }

    @Test
    @Order(2)
    void anArmDeviceTaggedIntoTheTargetGetsABuildOfTheSameReleaseAndRunsIt() throws Exception {
        tag(armId, Map.of("site", APP));

        JsonNode placement = awaitArmSettled();
        assertThat(placement.get("state").asString()).as(placement.toString()).isEqualTo("running");
        assertThat(placement.get("release").asInt()).isEqualTo(1);

        // the release itself got the platform: same number, one more image, in the same repository
        assertThat(platforms()).containsExactly("linux/amd64", "linux/arm64");
        JsonNode release = user.get("/api/applications/" + APP + "/releases/1").json();
        List<String> repositories = new ArrayList<>();
        release.get("images").forEach((image) -> {
            String reference = image.get("image").asString();
            repositories.add(reference.substring(0, reference.lastIndexOf(':')));
        });
        assertThat(new LinkedHashSet<>(repositories)).hasSize(1);
        assertThat(user.get("/api/applications/" + APP + "/releases").json()).hasSize(1);
        // one build and one push for the new platform, nothing else: its platform tag beside the two there were
        assertThat(registryTags()).hasSize(3);

        assertThat(TestApps.awaitAnswer(URI.create("http://" + arm.address() + ":"
                + arm.appPorts().hostPort(DEVICE_PORT) + "/"), ARM_PATIENCE))
            .isEqualTo("new architecture " + APP + " from aarch64\n");
        // the x86 device was not touched
        assertThat(containerId(x86)).isEqualTo(x86Container);
    }

    // --- helpers

    /** The arm device's placement once it is running or failed; the states it went through on the way. */
    private static JsonNode awaitArmSettled() throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        long deadline = System.nanoTime() + ARM_PATIENCE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode placement : user.get("/api/applications/" + APP + "/devices").json()) {
                if (placement.get("deviceId").asLong() == armId) {
                    last = placement;
                    seen.add(placement.get("state").asString() + "/" + placement.path("step").asString(""));
                }
            }
            if (last != null && Set.of("running", "failed").contains(last.get("state").asString())) {
                return last;
            }
            Thread.sleep(500);
        }
        return fail("the arm64 device did not settle within " + ARM_PATIENCE + "; states seen " + seen + ", last "
                + last);
    }

    private static void tag(long deviceId, Map<String, String> tags) throws Exception {
        TestGateway.Response tagged = user.send(user.request("/api/devices/" + deviceId + "/tags")
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(TestGateway.json.writeValueAsString(tags)))
            .build());
        assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
    }

    private static List<String> platforms() throws Exception {
        List<String> platforms = new ArrayList<>();
        user.get("/api/applications/" + APP + "/releases/1").json().get("images")
            .forEach((image) -> platforms.add(image.get("platform").asString()));
        return platforms.stream().sorted().toList();
    }

    private static boolean allRemoved(JsonNode deployment) {
        for (JsonNode device : deployment.get("devices")) {
            if (!"removed".equals(device.get("state").asString())) {
                return false;
            }
        }
        return true;
    }

    /** The application repository's tags, as the registry itself lists them (with the builder's password). */
    private static List<String> registryTags() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + world.privateRegistry() + "/v2/" + USER
                + "/" + APP + "/tags/list"))
            .header("Authorization", world.registryAuthorization("builder"))
            .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> tags = new ArrayList<>();
        TestGateway.json.readTree(response.body()).get("tags").forEach((tag) -> tags.add(tag.asString()));
        return tags;
    }

    private static String containerId(TestWorld.Device device) {
        try (DockerClient docker = world.control(device)) {
            return docker.inspectContainerCmd(APP).exec().getId();
        }
        catch (NotFoundException ex) {
            return null;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
