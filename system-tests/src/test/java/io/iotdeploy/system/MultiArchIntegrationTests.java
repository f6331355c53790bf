package io.iotdeploy.system;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.sun.net.httpserver.HttpServer;
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

/**
 * The thesis' central claim, through the gateway only: one upload deploys to an x86 device and to an arm64 device
 * (a virtual machine whose Docker Engine really is arm64) under one image name. The registry holds one
 * multi-architecture tag with an entry per platform, each device's engine pulls its own, and in each container
 * {@code uname -m} names the device's CPU; with and without {@code RUN} steps. A device of an architecture without
 * a builder is refused before anything is built.
 *
 * <p>Each deploy's step times are printed as {@code [multiarch] …} lines (cold: first deploy of the upload; cached:
 * the same deploy again with {@code replace=true}), for the notes; the test does not judge them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiArchIntegrationTests {

    private static final String USER = "multiarch";

    private static final String PLAIN = "multiarch_plain";

    private static final String WITH_RUN = "multiarch_run";

    private static final int APP_PORT = 8000;

    /** The arm64 device's ports that the tests publish on: forwarded from the host (world.json appPorts). */
    private static final int ARM_PLAIN_PORT = 18000;

    private static final int ARM_RUN_PORT = 18001;

    private static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The first pull of the base image onto the arm64 VM takes minutes; the JVM starts slowly under emulation. */
    private static final Duration ARM_PATIENCE = Duration.ofMinutes(4);

    private static final List<String> timings = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestWorld.Device x86;

    static TestWorld.Device arm;

    static TestGateway carol;

    static long x86Id;

    static long armId;

    static int x86PlainPort;

    static int x86RunPort;

    /** Makes every run's uploads new, so that "cold" is a first build of the upload. */
    static String run;

    @BeforeAll
    static void registerDevices() throws Exception {
        world = TestWorld.load();
        x86 = world.device(0);
        arm = world.armDevice();
        assertThat(arm.appPorts()).as("world.json names the forwarded ports of " + arm.name()).isNotNull();
        carol = TestGateway.asAdmin().user(USER);
        int offset = (int) (ProcessHandle.current().pid() % 50);
        x86PlainPort = 18500 + offset;
        x86RunPort = 18550 + offset;
        run = UUID.randomUUID().toString().substring(0, 8);
        x86Id = register(x86, "x86_64");
        armId = register(arm, "aarch64");
        removeContainers();
    }

    @AfterAll
    static void cleanUp() {
        removeContainers();
        timings.forEach(System.out::println);
    }

    @Test
    @Order(1)
    void oneUploadWithoutRunStepsRunsOnBothArchitecturesUnderOneTag() throws Exception {
        Path jar = TestApps.helloServerJar(dir.resolve("plain"), "multiarch plain " + run);

        JsonNode onX86 = deploy(x86Id, PLAIN, jar, null, x86PlainPort + ":" + APP_PORT, false);
        JsonNode onArm = deploy(armId, PLAIN, jar, null, ARM_PLAIN_PORT + ":" + APP_PORT, false);
        record("amd64", false, "cold", onX86);
        record("arm64", false, "cold", onArm);

        assertThat(onX86.get("built").asBoolean()).isTrue();
        assertThat(onArm.get("built").asBoolean()).as("the arm64 image is built for the arm64 device").isTrue();
        assertOneTagForBoth(onX86, onArm, PLAIN);
        assertRunsOn(x86, PLAIN, "x86_64", x86Answer(x86PlainPort), "multiarch plain " + run + " from amd64");
        assertRunsOn(arm, PLAIN, "aarch64", armAnswer(ARM_PLAIN_PORT), "multiarch plain " + run + " from aarch64");

        JsonNode againOnX86 = deploy(x86Id, PLAIN, jar, null, x86PlainPort + ":" + APP_PORT, true);
        JsonNode againOnArm = deploy(armId, PLAIN, jar, null, ARM_PLAIN_PORT + ":" + APP_PORT, true);
        record("amd64", false, "cached", againOnX86);
        record("arm64", false, "cached", againOnArm);
        for (JsonNode again : List.of(againOnX86, againOnArm)) {
            assertThat(again.get("built").asBoolean()).as(again.toString()).isFalse();
            assertThat(again.get("pushed").asBoolean()).as(again.toString()).isFalse();
            assertThat(again.get("image").asString()).isEqualTo(onX86.get("image").asString());
        }
        assertThat(TestApps.awaitAnswer(x86Answer(x86PlainPort), Duration.ofMinutes(1)))
            .isEqualTo("multiarch plain " + run + " from amd64\n");
        assertThat(TestApps.awaitAnswer(armAnswer(ARM_PLAIN_PORT), ARM_PATIENCE))
            .isEqualTo("multiarch plain " + run + " from aarch64\n");
    }

    @Test
    @Order(2)
    void oneUploadWithRunStepsRunsOnBothArchitecturesUnderOneTag() throws Exception {
        Path jar = TestApps.helloServerJar(dir.resolve("run"), "multiarch run " + run);
        String runCommands = "echo built > /built.txt";

        // arm64 first this time: the list is made by whichever platform comes first
        JsonNode onArm = deploy(armId, WITH_RUN, jar, runCommands, ARM_RUN_PORT + ":" + APP_PORT, false);
        JsonNode onX86 = deploy(x86Id, WITH_RUN, jar, runCommands, x86RunPort + ":" + APP_PORT, false);
        record("arm64", true, "cold", onArm);
        record("amd64", true, "cold", onX86);

        assertThat(onArm.get("built").asBoolean()).isTrue();
        assertThat(onX86.get("built").asBoolean()).isTrue();
        assertOneTagForBoth(onX86, onArm, WITH_RUN);
        assertRunsOn(arm, WITH_RUN, "aarch64", armAnswer(ARM_RUN_PORT), "multiarch run " + run + " from aarch64");
        assertRunsOn(x86, WITH_RUN, "x86_64", x86Answer(x86RunPort), "multiarch run " + run + " from amd64");
        // the RUN step ran in each architecture's image
        assertThat(exec(arm, WITH_RUN, "cat", "/built.txt")).isEqualTo("built\n");
        assertThat(exec(x86, WITH_RUN, "cat", "/built.txt")).isEqualTo("built\n");

        JsonNode againOnArm = deploy(armId, WITH_RUN, jar, runCommands, ARM_RUN_PORT + ":" + APP_PORT, true);
        JsonNode againOnX86 = deploy(x86Id, WITH_RUN, jar, runCommands, x86RunPort + ":" + APP_PORT, true);
        record("arm64", true, "cached", againOnArm);
        record("amd64", true, "cached", againOnX86);
        for (JsonNode again : List.of(againOnArm, againOnX86)) {
            assertThat(again.get("built").asBoolean()).as(again.toString()).isFalse();
            assertThat(again.get("pushed").asBoolean()).as(again.toString()).isFalse();
            assertThat(again.get("image").asString()).isEqualTo(onX86.get("image").asString());
        }
        assertThat(TestApps.awaitAnswer(armAnswer(ARM_RUN_PORT), ARM_PATIENCE)).isEqualTo("multiarch run " + run + " from aarch64\n");
    }

    @Test
    @Order(3)
    void aDeviceOfAnArchitectureWithoutBuilderIsRefusedBeforeAnythingIsBuilt() throws Exception {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        HttpServer engine = riscvEngine(asked);
        long riscvId = -1;
        try {
            int port = engine.getAddress().getPort();
            TestGateway.Response registered = carol.post("/api/devices",
                    // a stand-in engine over plain HTTP: its owner marks it insecure, as a plain device must be
                    Map.of("name", "riscv-board", "address", world.privateRegistry().split(":")[0], "port", port,
                            "insecure", true));
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            riscvId = registered.json().get("id").asLong();
            assertThat(registered.json().get("state").asString()).isEqualTo("online");
            assertThat(registered.json().get("architecture").asString()).isEqualTo("riscv64");

            String app = "multiarch_riscv_" + run;
            Path jar = TestApps.helloServerJar(dir.resolve("riscv"), "multiarch riscv " + run);
            TestGateway.Response refused = carol.upload("/api/devices/" + riscvId + "/deployments",
                    TestGateway.form("networkConfig", "bridge", "containerName", app, "imageName", "base/java:17",
                            "file", jar));

            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.isProblem()).as(refused.toString()).isTrue();
            assertThat(refused.json().get("detail").asString()).contains("riscv64");
            // nothing built: the registry has no such repository, and the device was asked for nothing but facts
            HttpResponse<String> tags = http.send(HttpRequest.newBuilder(world.privateRegistryUri("/v2/" + USER
                    + "/" + app + "/tags/list"))
                .header("Authorization", world.registryAuthorization("builder"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tags.statusCode()).as(tags.body()).isEqualTo(404);
            assertThat(asked).allMatch((path) -> path.endsWith("/info") || path.endsWith("/_ping"), "only facts");
        }
        finally {
            if (riscvId >= 0) {
                carol.delete("/api/devices/" + riscvId);
            }
            engine.stop(0);
        }
    }

    private static void assertOneTagForBoth(JsonNode onX86, JsonNode onArm, String app) throws Exception {
        String image = onX86.get("image").asString();
        assertThat(image).matches(world.privateRegistry() + "/" + USER + "/" + app + ":[0-9a-f]{16}");
        assertThat(onArm.get("image").asString()).as("the same tag for both devices").isEqualTo(image);
        assertThat(onX86.get("device").get("platform").asString()).isEqualTo("linux/amd64");
        assertThat(onArm.get("device").get("platform").asString()).isEqualTo("linux/arm64");
        assertThat(registryPlatforms(image)).containsExactly("linux/amd64", "linux/arm64");
    }

    private static void assertRunsOn(TestWorld.Device device, String container, String machine, URI answers,
            String greeting) throws Exception {
        Duration patience = (device == arm) ? ARM_PATIENCE : Duration.ofMinutes(1);
        assertThat(TestApps.awaitAnswer(answers, patience)).as(container + " on " + device.name()).isEqualTo(greeting + "\n");
        assertThat(exec(device, container, "uname", "-m")).as("uname -m in " + container + " on " + device.name())
            .isEqualTo(machine + "\n");
    }

    /** Deploys through the gateway, as a pipeline does; the answer must be 201. */
    private static JsonNode deploy(long deviceId, String container, Path jar, String runCommands, String ports,
            boolean replace) throws IOException, InterruptedException {
        Map<String, Object> form = TestGateway.form("networkConfig", "bridge", "containerName", container,
                "imageName", "base/java:17", "ports", ports, "replace", String.valueOf(replace), "file", jar);
        if (runCommands != null) {
            form.put("runCommands", runCommands);
        }
        TestGateway.Response deployed = carol.upload("/api/devices/" + deviceId + "/deployments", form);
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
        return deployed.json();
    }

    /** The manifest list's platforms, asked of the registry as an engine asks for a tag. */
    private static List<String> registryPlatforms(String image) throws Exception {
        String repositoryAndTag = image.substring(world.privateRegistry().length() + 1);
        int colon = repositoryAndTag.lastIndexOf(':');
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(world.privateRegistryUri("/v2/"
                + repositoryAndTag.substring(0, colon) + "/manifests/" + repositoryAndTag.substring(colon + 1)))
            .header("Accept", DOCKER_MANIFEST_LIST)
            // as a device asks: pull-only credentials
            .header("Authorization", world.registryAuthorization("device"))
            .timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith(DOCKER_MANIFEST_LIST));
        List<String> platforms = new ArrayList<>();
        TestGateway.json.readTree(response.body()).get("manifests").forEach((entry) -> platforms
            .add(entry.get("platform").get("os").asString() + "/" + entry.get("platform").get("architecture").asString()));
        return platforms;
    }

    /** Runs a command in the container on the device (docker exec) and returns its output. */
    private static String exec(TestWorld.Device device, String container, String... command) throws Exception {
        try (DockerClient docker = world.control(device)) {
            String exec = docker.execCreateCmd(container).withCmd(command).withAttachStdout(true)
                .withAttachStderr(true).exec().getId();
            StringBuilder output = new StringBuilder();
            boolean done = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(1, TimeUnit.MINUTES);
            assertThat(done).as(String.join(" ", command) + " in " + container + " on " + device.name()).isTrue();
            return output.toString();
        }
    }

    private static URI x86Answer(int hostPort) {
        return URI.create("http://" + x86.address() + ":" + hostPort + "/");
    }

    /** The VM's port, reached through the host's forward. */
    private static URI armAnswer(int vmPort) {
        return URI.create("http://" + arm.address() + ":" + arm.appPorts().hostPort(vmPort) + "/");
    }


    /** Registers the device for this test's user (or finds it registered) and checks its architecture. */
    private static long register(TestWorld.Device device, String architecture) throws Exception {
        TestGateway.Response registered = carol.post("/api/devices",
                Map.of("name", device.name(), "address", device.address(), "port", device.apiPort()));
        JsonNode found;
        if (registered.status() == 409) {
            found = null;
            for (JsonNode candidate : carol.get("/api/devices?address=" + device.address()).json()) {
                if (candidate.get("port").asInt() == device.apiPort()) {
                    found = candidate;
                }
            }
            assertThat(found).as(device.name() + " registered for " + USER).isNotNull();
            found = carol.post("/api/devices/" + found.get("id").asLong() + "/ping").json();
        }
        else {
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            found = registered.json();
        }
        assertThat(found.get("state").asString()).as(device.name() + ": " + found).isEqualTo("online");
        assertThat(found.get("architecture").asString()).as(device.name()).isEqualTo(architecture);
        return found.get("id").asLong();
    }

    /**
     * Something that answers like the Docker Engine of a RISC-V board, on the host's bridge address where
     * machine-service can reach it: {@code /_ping} and {@code /info}, nothing else.
     */
    private static HttpServer riscvEngine(List<String> asked) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(world.privateRegistry().split(":")[0], 0), 0);
        String info = """
                {"ID":"RISC:V0:BOARD","Name":"riscv-board","Architecture":"riscv64","OSType":"linux",
                 "OperatingSystem":"Debian GNU/Linux 12 (bookworm)","KernelVersion":"6.1.0-riscv64",
                 "NCPU":1,"MemTotal":1073741824,"ServerVersion":"20.10.24","Containers":0,"Images":0}
                """;
        server.createContext("/", (exchange) -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(exchange.getRequestMethod() + " " + path);
            byte[] body;
            int status = 200;
            String type = "application/json";
            if (path.endsWith("/_ping")) {
                body = "OK".getBytes(StandardCharsets.UTF_8);
                type = "text/plain";
            }
            else if (path.equals("/info") || path.matches("/v[0-9.]+/info")) {
                body = info.getBytes(StandardCharsets.UTF_8);
            }
            else {
                status = 404;
                body = "{\"message\":\"page not found\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Api-Version", "1.41");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** One table line per deploy: the response's step times. */
    private static void record(String arch, boolean withRun, String cache, JsonNode deployed) {
        JsonNode steps = deployed.get("steps");
        String line = "[multiarch] %s run=%s %s build=%s push=%s pull=%s create=%s start=%s upload=%s total=%s built=%s"
            .formatted(arch, withRun, cache, steps.path("buildMillis").asString(), steps.path("pushMillis").asString(),
                    steps.path("pullMillis").asString(), steps.path("createMillis").asString(),
                    steps.path("startMillis").asString(), steps.path("uploadMillis").asString(),
                    deployed.path("totalMillis").asString(), deployed.path("built").asString());
        System.out.println(line);
        timings.add(line);
    }

    private static void removeContainers() {
        for (TestWorld.Device device : List.of(x86, arm)) {
            try (DockerClient docker = world.control(device)) {
                for (String name : List.of(PLAIN, WITH_RUN)) {
                    try {
                        docker.removeContainerCmd(name).withForce(true).exec();
                    }
                    catch (NotFoundException ex) {
                        // nothing to clean up
                    }
                }
            }
            catch (IOException ex) {
                // the device is gone; nothing to clean up there
            }
        }
    }

}
