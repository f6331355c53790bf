package io.iotdeploy.system.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import io.iotdeploy.system.security.HostileInputs;
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
 * Upload once, every device of a target runs it: the gateway's {@code /upload} with {@code tags=} and
 * {@code group=}, through the real machine-service (tags, groups, heartbeat), the builders, the registry and
 * deployment-service's reconciler, checked on the devices' own engines and in the registry itself. Ordered: a first
 * release to two devices (one build, one push), the same upload again (nothing built, no container touched), a
 * changed one (release 2 everywhere), a device that is stopped while a release is deployed (pending, then running
 * once it is back), the target mistakes, each refused before anything is built, and the registry down: no release,
 * no device touched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetDeployIntegrationTests {

    private static final String USER = "fleet_it";

    /** The test registry outlives a run: an application of its own per run makes every release new to it. */
    private static final String APP = "fleet_" + Long.toString(System.currentTimeMillis(), 36);

    private static final String SITE = "site=" + APP;

    private static final Duration CONVERGED = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestGateway user;

    static final List<Long> deviceIds = new ArrayList<>();

    static int hostPort;

    @BeforeAll
    static void twoTaggedDevices() throws Exception {
        world = TestWorld.load();
        user = TestGateway.asAdmin().user(USER);
        hostPort = 18300 + (int) (ProcessHandle.current().pid() % 100);
        for (TestWorld.Device device : world.devices().subList(0, 2)) {
            long id = user.deviceId(device.address(), device.apiPort());
            TestGateway.Response tagged = user.send(user.request("/api/devices/" + id + "/tags")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(TestGateway.json.writeValueAsString(
                        Map.of("site", APP))))
                .build());
            assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
            deviceIds.add(id);
        }
    }

    /** Undeployed first: a container removed by hand is what the reconciler makes again. */
    @AfterAll
    static void removeTheApplication() throws Exception {
        TestGateway.Response undeploy = user.post("/api/applications/" + APP + "/deployments",
                Map.of("target", Map.of("selector", SITE), "state", "removed"));
        if (undeploy.status() == 201) {
            long deadline = System.nanoTime() + CONVERGED.toNanos();
            String location = "/api/applications/" + APP + "/deployments/" + undeploy.json().get("id").asLong();
            while (System.nanoTime() < deadline
                    && !states(user.get(location).json()).stream().allMatch("removed"::equals)) {
                Thread.sleep(250);
            }
        }
        for (TestWorld.Device device : world.devices()) {
            try (DockerClient docker = world.control(device)) {
                docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(APP)).exec().forEach(
                        (container) -> docker.removeContainerCmd(container.getId()).withForce(true).exec());
            }
        }
    }

    @Test
    @Order(1)
    void anUploadToTagsIsOneReleaseBuiltOnceAndRunningOnEveryDevice() throws Exception {
        Path jar = TestApps.helloServerJar(dir.resolve("v1"), "fleet v1 of " + APP);
        TestGateway.Response deployed = upload(jar, "tags", SITE, "note", "ci build 1");

        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
        JsonNode body = deployed.json();
        assertThat(body.get("release").get("number").asInt()).isEqualTo(1);
        assertThat(body.get("release").get("created").asBoolean()).isTrue();
        assertThat(body.get("built").asBoolean()).isTrue();
        assertThat(body.get("complete").asBoolean()).isTrue();
        assertThat(body.get("builds")).hasSize(1);
        assertThat(body.get("builds").get(0).get("platform").asString()).isEqualTo("linux/amd64");
        assertThat(states(body.get("deployment"))).containsExactly("running", "running");
        assertThat(body.get("image").asString()).startsWith(world.privateRegistry() + "/" + USER + "/" + APP + ":");

        // one build, one push: the registry has the release's tag and its one platform's, nothing else
        assertThat(registryTags()).hasSize(2);
        for (int index : List.of(0, 1)) {
            InspectContainerResponse container = inspect(index);
            assertThat(container.getState().getRunning()).isTrue();
            assertThat(container.getConfig().getLabels()).containsEntry("iotdeploy.release", "1")
                .containsEntry("iotdeploy.application", APP).containsEntry("iotdeploy.owner", USER);
            assertThat(TestApps.awaitAnswer(URI.create("http://" + world.device(index).address() + ":" + hostPort
                    + "/"), Duration.ofSeconds(60))).isEqualTo("fleet v1 of " + APP + " from amd64\n");
        }
        TestGateway.Response releases = user.get("/api/applications/" + APP + "/releases");
        assertThat(releases.json()).hasSize(1);
        assertThat(releases.json().get(0).get("note").asString()).isEqualTo("ci build 1");
    }

    @Test
    @Order(2)
    void theSameUploadAgainIsTheSameReleaseAndTouchesNoContainer() throws Exception {
        String one = inspect(0).getId();
        String two = inspect(1).getId();
        Path jar = TestApps.helloServerJar(dir.resolve("v1"), "fleet v1 of " + APP);
        TestGateway.Response again = upload(jar, "tags", SITE);

        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        JsonNode body = again.json();
        assertThat(body.get("release").get("number").asInt()).isEqualTo(1);
        assertThat(body.get("release").get("created").asBoolean()).isFalse();
        assertThat(body.get("built").asBoolean()).isFalse();
        assertThat(body.get("builds")).isEmpty();
        assertThat(states(body.get("deployment"))).containsExactly("running", "running");
        assertThat(inspect(0).getId()).isEqualTo(one);
        assertThat(inspect(1).getId()).isEqualTo(two);
        assertThat(registryTags()).hasSize(2);
    }

    @Test
    @Order(3)
    void aChangedUploadToTheGroupIsReleaseTwoOnEveryDevice() throws Exception {
        String group = APP.replace('_', '-');
        TestGateway.Response made = user.post("/api/groups", Map.of("name", group, "selector", SITE));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        Path jar = TestApps.helloServerJar(dir.resolve("v2"), "fleet v2 of " + APP);
        TestGateway.Response deployed = upload(jar, "group", group);

        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
        assertThat(deployed.json().get("release").get("number").asInt()).isEqualTo(2);
        for (int index : List.of(0, 1)) {
            assertThat(inspect(index).getConfig().getLabels()).containsEntry("iotdeploy.release", "2");
            assertThat(TestApps.awaitAnswer(URI.create("http://" + world.device(index).address() + ":" + hostPort
                    + "/"), Duration.ofSeconds(60))).isEqualTo("fleet v2 of " + APP + " from amd64\n");
        }
        TestGateway.Response where = user.get("/api/applications/" + APP + "/devices");
        assertThat(where.json()).hasSize(2);
        where.json().forEach((entry) -> assertThat(entry.get("release").asInt()).isEqualTo(2));
    }

    @Test
    @Order(4)
    void aDeviceOfflineAtDeployTimeIsPendingAndRunsTheReleaseWhenItIsBack() throws Exception {
        TestWorld.Device second = world.device(1);
        world.launcher("device", "stop", second.name());
        try {
            Path jar = TestApps.helloServerJar(dir.resolve("v3"), "fleet v3 of " + APP);
            TestGateway.Response deployed = upload(jar, "tags", SITE);
            assertThat(deployed.status()).as(deployed.toString()).isEqualTo(202);
            JsonNode deployment = deployed.json().get("deployment");
            assertThat(states(deployment)).containsExactly("running", "pending");
            assertThat(deployment.get("devices").get(1).get("step").asString()).isEqualTo("device");
            assertThat(inspect(0).getConfig().getLabels()).containsEntry("iotdeploy.release", "3");
            // dev1 has run releases 1, 2 and 3: it keeps the images of 3 and 2 (a roll back pulls nothing)
            try (DockerClient docker = world.control(world.device(0))) {
                assertThat(docker.listImagesCmd()
                    .withLabelFilter(Map.of("iotdeploy.application", APP, "iotdeploy.owner", USER))
                    .exec()).hasSize(2);
            }
        }
        finally {
            world.launcher("device", "start", second.name());
        }
        long deadline = System.nanoTime() + CONVERGED.toNanos();
        while (true) {
            InspectContainerResponse container = inspectOrNull(1);
            if (container != null && "3".equals(container.getConfig().getLabels().get("iotdeploy.release"))
                    && container.getState().getRunning()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                fail("dev2 did not run release 3 within " + CONVERGED + " of coming back");
            }
            Thread.sleep(500);
        }
    }

    @Test
    @Order(5)
    void aTargetThatCannotBeDeployedToIsRefusedBeforeAnythingIsBuilt() throws Exception {
        Path jar = TestApps.helloServerJar(dir.resolve("v4"), "fleet v4 of " + APP);
        int tags = registryTags().size();
        assertField(HostileInputs.refused(getClass(), "tags selecting no device",
                upload(jar, "tags", "site=nowhere-" + APP), 422), "tags");
        assertField(HostileInputs.refused(getClass(), "a malformed tag selector",
                upload(jar, "tags", "a=b=c"), 400), "tags");
        HostileInputs.refused(getClass(), "an unknown group", upload(jar, "group", "no-such-group"), 404);
        assertField(HostileInputs.refused(getClass(), "a group and tags at once",
                upload(jar, "group", "g", "tags", SITE), 400), "tags");
        assertField(HostileInputs.refused(getClass(), "an address and tags at once",
                upload(jar, "tags", SITE, "ip", world.device(0).address()), 400), "tags");
        assertField(HostileInputs.refused(getClass(), "a 301-character selector",
                upload(jar, "tags", "a=" + "b".repeat(299)), 400), "tags");
        assertField(HostileInputs.refused(getClass(), "a 201-character note",
                upload(jar, "tags", SITE, "note", "n".repeat(201)), 400), "note");
        assertThat(registryTags()).as("nothing was built or pushed").hasSize(tags);
        assertThat(user.get("/api/applications/" + APP + "/releases").json()).hasSize(3);
    }

    @Test
    @Order(6)
    void aRegistryThatIsDownFailsTheReleaseBeforeAnyDeviceIsTouched() throws Exception {
        String one = inspect(0).getId();
        String two = inspect(1).getId();
        Path jar = TestApps.helloServerJar(dir.resolve("v5"), "fleet v5 of " + APP);
        world.launcher("registry", "stop");
        TestGateway.Response response;
        try {
            response = upload(jar, "tags", SITE);
        }
        finally {
            world.launcher("registry", "start");
        }
        assertThat(response.status()).as(response.toString()).isIn(502, 504);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("step").asString()).isIn("build", "push");
        assertThat(response.body()).contains("registry");
        assertThat(user.get("/api/applications/" + APP + "/releases").json()).as("no release made").hasSize(3);
        assertThat(inspect(0).getId()).isEqualTo(one);
        assertThat(inspect(1).getId()).isEqualTo(two);
        assertThat(inspect(1).getConfig().getLabels()).containsEntry("iotdeploy.release", "3");
    }

    @Test
    @Order(7)
    void withoutWaitingTheAnswerIsAtOnceAndItsEventStreamFollowsEveryDeviceToTheRelease() throws Exception {
        Path jar = TestApps.helloServerJar(dir.resolve("v6"), "fleet v6 of " + APP);
        TestGateway.Response accepted = upload(jar, "tags", SITE, "wait", "false");

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        int release = accepted.json().get("release").get("number").asInt();
        String location = "/api/applications/" + APP + "/deployments/"
                + accepted.json().get("deployment").get("id").asLong();
        assertThat(accepted.header("Location")).hasValue(location);
        assertThat(accepted.header("Link")).hasValue("<" + location + "/events>; rel=\"events\"");

        HttpRequest request = user.request(location + "/events").setHeader("Accept", "text/event-stream").GET().build();
        HttpResponse<java.util.stream.Stream<String>> stream = HttpClient.newHttpClient()
            .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
            .get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("text/event-stream"));
        // the stream ends by itself once every device is settled: read it whole, bounded
        List<String[]> events = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            List<String[]> read = new ArrayList<>();
            String[] event = { null };
            stream.body().forEach((line) -> {
                if (line.startsWith("event:")) {
                    event[0] = line.substring("event:".length()).strip();
                }
                else if (line.startsWith("data:")) {
                    read.add(new String[] { event[0], line.substring("data:".length()).strip() });
                }
            });
            return read;
        }).get(CONVERGED.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

        assertThat(events).isNotEmpty();
        assertThat(events.get(0)[0]).isEqualTo("deployment");
        String[] last = events.get(events.size() - 1);
        assertThat(last[0]).as("the end of the stream: " + last[1]).isEqualTo("settled");
        JsonNode settled = TestGateway.json.readTree(last[1]);
        assertThat(states(settled)).containsExactly("running", "running");
        assertThat(settled.get("release").asInt()).isEqualTo(release);
        for (String[] event : events.subList(1, events.size() - 1)) {
            assertThat(event[0]).isEqualTo("device");
            assertThat(TestGateway.json.readTree(event[1]).get("state").asString())
                .isIn("pending", "pulling", "starting", "running");
        }
        for (int index : List.of(0, 1)) {
            assertThat(inspect(index).getConfig().getLabels()).containsEntry("iotdeploy.release",
                    String.valueOf(release));
        }
    }

    // --- helpers

    private static TestGateway.Response upload(Path jar, String... fields) throws Exception {
        Map<String, Object> form = TestGateway.form("networkConfig", "bridge", "containerName", APP, "imageName",
                "base/java:17", "ports", hostPort + ":8000", "file", jar);
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return user.upload("/upload", form);
    }

    private static void assertField(TestGateway.Response problem, String field) {
        assertThat(problem.json().get("field").asString()).as(problem.toString()).isEqualTo(field);
    }

    /** Each device's state, in device order. */
    private static List<String> states(JsonNode deployment) {
        List<String> states = new ArrayList<>();
        deployment.get("devices").forEach((device) -> states.add(device.get("state").asString()));
        return states;
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

    private static InspectContainerResponse inspect(int index) {
        InspectContainerResponse container = inspectOrNull(index);
        assertThat(container).as(APP + " on " + world.device(index).name()).isNotNull();
        return container;
    }

    private static InspectContainerResponse inspectOrNull(int index) {
        try (DockerClient docker = world.control(world.device(index))) {
            return docker.inspectContainerCmd(APP).exec();
        }
        catch (NotFoundException ex) {
            return null;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
