package io.iotdeploy.system;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad input and fault of the deploy flow gets a problem detail that says what was wrong, and leaves
 * the device as it was.
 */
class BadInputIntegrationTests {

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestWorld.Device device;

    static TestGateway bob;

    static long deviceId;

    static Path jar;

    @BeforeAll
    static void registerDevice() throws Exception {
        world = TestWorld.load();
        device = world.device(1);
        bob = TestGateway.asAdmin().user("bob");
        deviceId = bob.deviceId(device.address(), device.apiPort());
        jar = TestApps.helloServerJar(dir, "bad input tests");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (DockerClient docker = world.control(device)) {
            for (Container container : bobsContainers(docker)) {
                // through the platform: an upload is the device's desired state, which the reconciler would restore
                String name = container.getNames()[0].substring(1);
                bob.delete("/api/devices/" + deviceId + "/containers/" + name);
                try {
                    docker.removeContainerCmd(container.getId()).withForce(true).exec();
                }
                catch (com.github.dockerjava.api.exception.NotFoundException alreadyGone) {
                    // removed through the platform
                }
            }
        }
    }

    @Test
    void missingFile() throws Exception {
        assertProblem(upload(form("bad_missing", "base/java:17")), 400, "file");
    }

    @Test
    void aFileThatIsNotAJar() throws Exception {
        Path text = Files.writeString(dir.resolve("app.jar"), "this is not a jar, whatever its name says");
        // refused by its content (the builder's upload check: 422 "Upload refused", rule not-a-zip)
        assertProblem(upload(form("bad_notajar", "base/java:17", "file", text)), 422, "jar");
    }

    @Test
    void anUploadOverTheSizeLimit() throws Exception {
        Path big = dir.resolve("big.jar");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(201L * 1024 * 1024);
        }
        TestGateway.Response response = upload(form("bad_toobig", "base/java:17", "file", big));
        assertProblem(response, 413, "limit");
    }

    @Test
    void aContainerNameAgainstDockersRules() throws Exception {
        assertProblem(upload(form("-no/such name", "base/java:17", "file", jar)), 400, "name");
    }

    @Test
    void aMalformedBaseImageReference() throws Exception {
        assertProblem(upload(form("bad_ref", "base/JAVA::17@@", "file", jar)), 400, "base/JAVA::17@@");
    }

    @Test
    void aBaseImageThatDoesNotExist() throws Exception {
        assertProblem(upload(form("bad_nobase", "base/no-such-image:1", "file", jar)), 404, "base/no-such-image");
    }

    @Test
    void runCommandsThatInjectOtherInstructions() throws Exception {
        Map<String, Object> form = form("bad_inject", "base/java:17", "file", jar);
        form.put("runCommands", "echo hello\nENTRYPOINT [\"sh\"]");
        assertProblem(upload(form), 400, "ENTRYPOINT");
        form.put("runCommands", "echo hello \\\nFROM scratch");
        assertProblem(upload(form), 400, "run commands");
    }

    @Test
    void aMalformedHealthCheckIsNamedAsTheFormNamesItAndNothingIsMade() throws Exception {
        Map<String, Object> form = form("bad_health", "base/java:17", "file", jar);
        form.put("healthCheck", "http:8000");
        form.put("healthInterval", "often");
        TestGateway.Response response = upload(form);
        assertProblem(response, 400, "healthCheck 'http:8000' must be http:PORT/PATH");
        assertThat(response.json().get("field").asString()).isEqualTo("healthCheck");
        assertThat(response.json().get("errors")).extracting((error) -> error.get("field").asString())
            .containsExactly("healthCheck");
        assertThat(response.json().get("step").asString()).isEqualTo("release");
        assertNothingOnDevice("bad_health");

        form.put("healthCheck", "tcp:8000");
        response = upload(form);
        assertProblem(response, 400, "healthInterval 'often' must be a duration");
        assertThat(response.json().get("field").asString()).isEqualTo("healthInterval");
        assertNothingOnDevice("bad_health");
    }

    @Test
    void anUnknownDevice() throws Exception {
        Map<String, Object> form = form("bad_unknown", "base/java:17", "file", jar);
        form.put("ip", "10.77.0.249");
        assertProblem(upload(form), 404, "10.77.0.249");
    }

    @Test
    void anotherUsersDeviceIsNotFoundRatherThanForbidden() throws Exception {
        TestGateway mallory = TestGateway.asAdmin().user("mallory");
        TestGateway.Response response = mallory.upload("/api/devices/" + deviceId + "/deployments",
                TestGateway.form("networkConfig", "host", "containerName", "bad_other", "imageName", "base/java:17",
                        "file", jar));
        assertProblem(response, 404, "device");
        assertProblem(mallory.get("/api/devices/" + deviceId + "/containers"), 404, "device");
    }

    @Test
    void aFailingRunCommandReportsTheBuildOutputAndPushesNothing() throws Exception {
        Map<String, Object> form = form("bad_run", "base/java:17", "file", jar);
        form.put("runCommands", "echo about-to-fail && false");
        TestGateway.Response response = upload(form);
        assertProblem(response, 422, "build");
        assertThat(response.body()).contains("about-to-fail");
        assertNothingOnDevice("bad_run");
    }

    @Test
    void aPortAlreadyTakenLeavesNoHalfMadeContainer() throws Exception {
        int port = 18250 + (int) (ProcessHandle.current().pid() % 50);
        Map<String, Object> first = form("bad_port_a", "base/java:17", "file", jar);
        first.put("networkConfig", "bridge");
        first.put("ports", port + ":8000");
        TestGateway.Response deployed = upload(first);
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
        Map<String, Object> second = form("bad_port_b", "base/java:17", "file", jar);
        second.put("networkConfig", "bridge");
        second.put("ports", port + ":8000");
        TestGateway.Response clash = upload(second);
        assertThat(clash.status()).as(clash.toString()).isIn(409, 502);
        assertThat(clash.isProblem()).as(clash.toString()).isTrue();
        assertThat(clash.body()).contains(String.valueOf(port));
        assertNothingOnDevice("bad_port_b");
    }

    @Test
    void aDeviceThatIsOfflineIsNamedAndNothingIsCreated() throws Exception {
        world.launcher("device", "stop", device.name());
        try {
            TestGateway.Response response = upload(form("bad_offline", "base/java:17", "file", jar));
            assertThat(response.status()).as(response.toString()).isIn(502, 504);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.body()).contains(device.address());
        }
        finally {
            world.launcher("device", "start", device.name());
        }
        assertNothingOnDevice("bad_offline");
    }

    @Test
    void theRegistryDownIsAClearErrorAndTheDeviceIsUnchanged() throws Exception {
        Path fresh = TestApps.helloServerJar(dir, "never pushed " + System.nanoTime());
        world.launcher("registry", "stop");
        try {
            TestGateway.Response response = upload(form("bad_registry", "base/java:17", "file", fresh));
            assertThat(response.status()).as(response.toString()).isIn(502, 504);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.body()).contains("registry");
        }
        finally {
            world.launcher("registry", "start");
        }
        assertNothingOnDevice("bad_registry");
    }

    private static Map<String, Object> form(String containerName, String baseImage, Object... more) {
        Map<String, Object> form = TestGateway.form("ip", device.address(), "networkConfig", "host", "containerName",
                containerName, "imageName", baseImage);
        form.putAll(TestGateway.form(more));
        return form;
    }

    private static TestGateway.Response upload(Map<String, Object> form) throws IOException, InterruptedException {
        return bob.upload("/upload", form);
    }

    private static void assertProblem(TestGateway.Response response, int status, String mentioned) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.isProblem()).as("problem+json: " + response).isTrue();
        assertThat(response.json().get("detail").asString() + " " + response.json().get("title").asString()
                + " " + response.body()).containsIgnoringCase(mentioned);
    }

    private static void assertNothingOnDevice(String containerName) throws IOException {
        assertThat(world.hasContainer(device, containerName)).as(containerName + " on " + device.name()).isFalse();
    }


    private static List<Container> bobsContainers(DockerClient docker) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("iotdeploy.owner", "bob")).exec();
    }

}
