package io.iotdeploy.system.health;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
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
 * A release's health check through the whole platform: the thesis' upload with {@code healthCheck} makes a
 * container whose Docker health check runs the platform's probe with the image's own java (the base image has no
 * curl), {@code docker ps} shows its verdict, and the application's devices report it.
 */
class HealthCheckIntegrationTests {

    private static final String CONTAINER = "hc_sensor";

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestWorld.Device device;

    static TestGateway alice;

    static long deviceId;

    @BeforeAll
    static void registerDevice() throws Exception {
        world = TestWorld.load();
        device = world.device(0);
        alice = TestGateway.asAdmin().user("alice");
        deviceId = alice.deviceId(device.address(), device.apiPort());
        removeOnDevice();
    }

    @AfterAll
    static void cleanUp() {
        removeOnDevice();
    }

    @Test
    void anUploadWithAnHttpCheckRunsTheProbeInTheContainerAndItsDeviceReportsHealthy() throws Exception {
        Path jar = TestApps.helloServerJar(dir, "healthy " + System.nanoTime());
        TestGateway.Response deployed = alice.upload("/upload", TestGateway.form("ip", device.address(),
                "networkConfig", "bridge", "containerName", CONTAINER, "imageName", "base/java:17", "healthCheck",
                "http:8000/", "healthInterval", "1s", "healthStartPeriod", "30s", "file", jar));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);

        InspectContainerResponse container = inspect();
        assertThat(container.getConfig().getHealthcheck().getTest()).startsWith("CMD", "java").endsWith("/");
        awaitDocker("healthy");
        assertThat(inspect().getState().getHealth().getLog()).last()
            .satisfies((check) -> assertThat(check.getOutput()).contains("GET /: HTTP/1.1 200"));

        // the release keeps its check: the history shows it, and the reconciler reports its verdict
        TestGateway.Response releases = alice.get("/api/applications/" + CONTAINER + "/releases");
        assertThat(releases.status()).as(releases.toString()).isEqualTo(200);
        JsonNode settings = releases.json().get(0).get("settings");
        assertThat(settings.get("healthCheck").asString()).isEqualTo("http:8000/");
        assertThat(settings.get("healthInterval").asString()).isEqualTo("1s");
        assertThat(settings.get("healthTimeout").asString()).isEqualTo("5s");
        assertThat(settings.get("healthRetries").asInt()).isEqualTo(3);
        awaitDeviceHealth("healthy");
    }

    private static void awaitDocker(String health) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = inspect().getState().getHealth().getStatus();
            if (health.equals(last)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(CONTAINER + " on " + device.name() + " did not become " + health + ": " + last);
    }

    /** The device's entry on the application's devices once it reports this health (bounded polling). */
    private static void awaitDeviceHealth(String health) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode entry = null;
        while (System.nanoTime() < deadline) {
            TestGateway.Response where = alice.get("/api/applications/" + CONTAINER + "/devices");
            assertThat(where.status()).as(where.toString()).isEqualTo(200);
            for (JsonNode candidate : where.json()) {
                if (candidate.get("deviceId").asLong() == deviceId) {
                    entry = candidate;
                }
            }
            if (entry != null && health.equals(entry.path("health").asString(""))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("device " + deviceId + " did not report " + health + " for " + CONTAINER + ": "
                + entry);
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
