package io.iotdeploy.deployment;

import java.io.IOException;
import java.net.URI;



import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deployment-service through its HTTP API against the real world: an image built on the build host and pushed
 * to the private registry is deployed onto the simulated devices, and every assertion about a device is
 * checked on the device's own engine. Everything made here carries the run's name prefix and is removed at
 * the end.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import(WorldDevices.class)
@ExtendWith(OutputCaptureExtension.class)
class DeploymentIntegrationTests {

    /** The private registry's password as ./iotdeploy made it for the world (the service reads it from there). */
    @DynamicPropertySource
    static void registryLogin(DynamicPropertyRegistry properties) {
        properties.add("deployment-service.registry-login.password-file",
                () -> TestWorld.load().secretFile("registry-device.password").toString());
    }

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_ARRAY = new ParameterizedTypeReference<>() {
    };


    /** Names every container of this run, so that clean-up finds exactly them. */
    private static final String RUN = "dit-" + UUID.randomUUID().toString().substring(0, 8);

    private static final String GREETING = "deployed by " + RUN;

    private static TestWorld world;

    /** The hello server, answering {@link #GREETING}. */
    private static String image;

    /** A second build, for the image tests: removing it must not disturb the other tests. */
    private static String spareImage;

    private final RestTestClient client;

    private final String token;

    @Autowired
    DeploymentIntegrationTests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.token = tokens.issue("alice", false);
    }

    @BeforeAll
    static void buildAndPushTheApp(@TempDir Path dir) throws Exception {
        world = TestWorld.load();
        image = buildAndPush(dir.resolve("app"), GREETING, "hello");
        spareImage = buildAndPush(dir.resolve("spare"), "spare of " + RUN, "spare");
    }

    @AfterAll
    static void removeEverythingOfThisRun() throws IOException {
        for (TestWorld.Device device : world.devices()) {
            try (DockerClient docker = world.control(device)) {
                docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(RUN)).exec().forEach(
                        (container) -> docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec());
                for (String reference : List.of(image, spareImage)) {
                    removeImage(docker, reference);
                }
            }
        }
        try (DockerClient build = world.buildEngineClient()) {
            removeImage(build, image);
            removeImage(build, spareImage);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBridgeDeploymentRunsOnTheDeviceAndAnswersOnItsMappedPort() throws Exception {
        String name = RUN + "-web";
        int hostPort = freePort();

        Map<String, Object> deployment = deploy(WorldDevices.DEV1, Map.of("image", image, "containerName", name,
                "networkMode", "bridge", "ports", List.of(hostPort + ":8000"), "env", List.of("GREETING_UNUSED=1")))
            .expectStatus().isCreated()
            .expectHeader().value("Location", (location) -> assertThat(location).endsWith("/devices/1/containers/" + name))
            .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(deployment).containsEntry("image", image).containsKeys("pullMillis", "createMillis", "startMillis");
        assertThat(((Number) deployment.get("startMillis")).longValue()).isNotNegative();
        Map<String, Object> container = (Map<String, Object>) deployment.get("container");
        assertThat(container).containsEntry("name", name).containsEntry("state", "running")
            .containsEntry("networkMode", "bridge").containsEntry("image", image)
            .containsEntry("ports", List.of(Map.of("hostPort", hostPort, "containerPort", 8000, "protocol", "tcp")));
        assertThat((Map<String, Object>) container.get("labels")).containsEntry("iotdeploy.managed", "true")
            .containsEntry("iotdeploy.owner", "alice").containsEntry("iotdeploy.image", image);

        InspectContainerResponse onDevice = inspect(world.device(0), name);
        assertThat(onDevice.getState().getRunning()).isTrue();
        assertThat(onDevice.getHostConfig().getRestartPolicy().getName()).isEqualTo("unless-stopped");
        assertThat(onDevice.getHostConfig().getNetworkMode()).isEqualTo("bridge");
        assertThat(onDevice.getHostConfig().getPortBindings().getBindings().get(ExposedPort.tcp(8000)))
            .extracting(Ports.Binding::getHostPortSpec).containsExactly(Integer.toString(hostPort));
        assertThat(onDevice.getConfig().getEnv()).contains("GREETING_UNUSED=1");
        assertThat(onDevice.getConfig().getLabels()).containsEntry("iotdeploy.owner", "alice");

        assertThat(TestApps.awaitAnswer(URI.create("http://" + world.device(0).address() + ":" + hostPort + "/"), Duration.ofSeconds(60)))
            .isEqualTo(GREETING + " from amd64\n");

        List<Map<String, Object>> listed = containers(WorldDevices.DEV1);
        assertThat(listed).filteredOn((listedContainer) -> name.equals(listedContainer.get("name"))).singleElement()
            .satisfies((listedContainer) -> assertThat(listedContainer).containsEntry("state", "running")
                .containsEntry("id", onDevice.getId()).containsKey("created"));
    }

    @Test
    void aTakenNameIsRefusedUnlessTheDeploymentReplacesIt() throws Exception {
        String name = RUN + "-twice";
        Map<String, Object> request = Map.of("image", image, "containerName", name, "start", false);
        deploy(WorldDevices.DEV1, request).expectStatus().isCreated()
            .expectBody().jsonPath("$.container.state").isEqualTo("created").jsonPath("$.startMillis").isEmpty();
        String first = inspect(world.device(0), name).getId();

        deploy(WorldDevices.DEV1, request)
            .expectStatus().isEqualTo(409)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.container").isEqualTo(name)
            .jsonPath("$.device").isEqualTo("dev1")
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail).contains(name).contains("dev1"));
        assertThat(inspect(world.device(0), name).getId()).as("the device is unchanged").isEqualTo(first);

        deploy(WorldDevices.DEV1, Map.of("image", image, "containerName", name, "replace", true, "env", List.of("VERSION=2")))
            .expectStatus().isCreated()
            .expectBody().jsonPath("$.container.state").isEqualTo("running");
        InspectContainerResponse replaced = inspect(world.device(0), name);
        assertThat(replaced.getId()).isNotEqualTo(first);
        assertThat(replaced.getConfig().getEnv()).contains("VERSION=2");
        try (DockerClient docker = world.control(world.device(0))) {
            assertThatThrownBy(() -> docker.inspectContainerCmd(first).exec()).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void aDeploymentOfAReleaseCarriesItsNumberAndAnUnknownReleaseTouchesNothing() throws Exception {
        String name = RUN + "-release";
        byte[] artifact = ("PK\3\4" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sha256 = java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(artifact));
        this.client.put().uri("/artifacts/sha256:" + sha256).headers(this::auth)
            .contentType(MediaType.APPLICATION_OCTET_STREAM).body(artifact).exchange()
            .expectStatus().is2xxSuccessful();
        this.client.post().uri("/applications/{name}/releases", name).headers(this::auth)
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("artifact", Map.of("sha256", sha256, "size", artifact.length, "kind", "jar"), "settings",
                    Map.of("baseImage", "base/java:17"), "image", image, "images",
                    List.of(Map.of("platform", "linux/amd64", "image", image, "digest",
                            WorldImages.digest(world, image)))))
            .exchange()
            .expectStatus().isCreated();

        deploy(WorldDevices.DEV1, Map.of("image", image, "containerName", name, "release", 9))
            .expectStatus().isNotFound()
            .expectBody().jsonPath("$.release").isEqualTo(9);
        assertThat(namesOnDevice(world.device(0))).as("nothing made for a release that is not there")
            .doesNotContain(name);

        deploy(WorldDevices.DEV1, Map.of("image", image, "containerName", name, "release", 1, "start", false))
            .expectStatus().isCreated();
        assertThat(inspect(world.device(0), name).getConfig().getLabels())
            .containsEntry("iotdeploy.application", name)
            .containsEntry("iotdeploy.release", "1")
            .containsEntry("iotdeploy.owner", "alice");
        String made = inspect(world.device(0), name).getId();

        // the same release again, even without replace: the container is kept, only its run state set
        deploy(WorldDevices.DEV1, Map.of("image", image, "containerName", name, "release", 1))
            .expectStatus().isCreated()
            .expectBody()
            .jsonPath("$.kept").isEqualTo(true)
            .jsonPath("$.pullMillis").isEqualTo(0)
            .jsonPath("$.container.state").isEqualTo("running");
        assertThat(inspect(world.device(0), name).getId()).isEqualTo(made);
        // a plain deployment of that name is no release: taken, as before
        deploy(WorldDevices.DEV1, Map.of("image", image, "containerName", name)).expectStatus().isEqualTo(409);
    }

    @Test
    void aPortAlreadyTakenFailsTheStartAndLeavesNothingBehind() throws Exception {
        int hostPort = freePort();
        deploy(WorldDevices.DEV1, Map.of("image", image, "containerName", RUN + "-holder", "ports", List.of(hostPort + ":8000")))
            .expectStatus().isCreated();

        String loser = RUN + "-loser";
        deploy(WorldDevices.DEV1, Map.of("image", image, "containerName", loser, "ports", List.of(hostPort + ":8000")))
            .expectStatus().isEqualTo(409)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Port already in use")
            .jsonPath("$.step").isEqualTo("start")
            .jsonPath("$.device").isEqualTo("dev1")
            .jsonPath("$.container").isEqualTo(loser)
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail).contains("port is already allocated"));

        assertThat(namesOnDevice(world.device(0))).contains(RUN + "-holder").doesNotContain(loser);
    }

    @Test
    void actionsChangeTheContainersRealStateAndAreAudited(CapturedOutput output) throws Exception {
        String name = RUN + "-acts";
        TestWorld.Device dev1 = world.device(0);
        deploy(WorldDevices.DEV1, Map.of("image", image, "containerName", name)).expectStatus().isCreated();

        act(name, "stop").jsonPath("$.state").isEqualTo("exited");
        assertThat(inspect(dev1, name).getState().getRunning()).isFalse();

        act(name, "start").jsonPath("$.state").isEqualTo("running");
        assertThat(inspect(dev1, name).getState().getRunning()).isTrue();
        act(name, "start").jsonPath("$.state").isEqualTo("running");

        act(name, "pause").jsonPath("$.state").isEqualTo("paused");
        assertThat(inspect(dev1, name).getState().getPaused()).isTrue();

        act(name, "unpause").jsonPath("$.state").isEqualTo("running");
        assertThat(inspect(dev1, name).getState().getPaused()).isFalse();

        String startedBefore = inspect(dev1, name).getState().getStartedAt();
        act(name, "restart").jsonPath("$.state").isEqualTo("running");
        assertThat(inspect(dev1, name).getState().getStartedAt()).isNotEqualTo(startedBefore);

        this.client.delete().uri("/devices/1/containers/{name}", name).headers(this::auth).exchange()
            .expectStatus().isNoContent();
        assertThat(namesOnDevice(dev1)).doesNotContain(name);

        this.client.post().uri("/devices/1/containers/{name}/start", name).headers(this::auth).exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Unknown container")
            .jsonPath("$.container").isEqualTo(name)
            .jsonPath("$.device").isEqualTo("dev1");

        assertThat(output.getAll()).contains("user=alice device=dev1 (10.77.0.11) container=" + name + " action=stop result=ok")
            .contains("container=" + name + " action=remove result=ok")
            .contains("image=" + image + " action=pull result=ok");
    }

    @Test
    void anImageMissingFromTheRegistryFailsThePullAndCreatesNothing() {
        String name = RUN + "-missing";
        String missing = world.privateRegistry() + "/deployment-it/missing:" + RUN;

        deploy(WorldDevices.DEV1, Map.of("image", missing, "containerName", name))
            .expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.step").isEqualTo("pull")
            .jsonPath("$.image").isEqualTo(missing)
            .jsonPath("$.device").isEqualTo("dev1")
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail).contains("manifest unknown"));

        assertThat(namesOnDevice(world.device(0))).doesNotContain(name);
    }

    @Test
    void inHostNetworkModeTheAppUsesTheDevicesOwnPorts() throws Exception {
        String name = RUN + "-host";
        int port = freePort();
        deploy(WorldDevices.DEV2, Map.of("image", image, "containerName", name, "networkMode", "host",
                "env", List.of("PORT=" + port)))
            .expectStatus().isCreated()
            .expectBody()
            .jsonPath("$.container.networkMode").isEqualTo("host")
            .jsonPath("$.container.ports").isEmpty();

        assertThat(inspect(world.device(1), name).getHostConfig().getNetworkMode()).isEqualTo("host");
        assertThat(TestApps.awaitAnswer(URI.create("http://" + world.device(1).address() + ":" + port + "/"), Duration.ofSeconds(60)))
            .isEqualTo(GREETING + " from amd64\n");
    }

    @Test
    void containersOfOthersAreInvisibleAndHandMadeOnesAreTheDeviceOwners() throws Exception {
        String bobs = RUN + "-bobs";
        String handMade = RUN + "-handmade";
        try (DockerClient streaming = world.streaming(world.device(0))) {
            assertThat(streaming.pullImageCmd(image.substring(0, image.lastIndexOf(':'))).withTag(RUN)
                .withAuthConfig(world.registryAuth("device"))
                .exec(new PullImageResultCallback()).awaitCompletion(5, TimeUnit.MINUTES)).isTrue();
        }
        try (DockerClient docker = world.control(world.device(0))) {
            docker.createContainerCmd(image).withName(bobs)
                .withLabels(Map.of("iotdeploy.managed", "true", "iotdeploy.owner", "bob", "iotdeploy.image", image)).exec();
            docker.createContainerCmd(image).withName(handMade).exec();
        }

        assertThat(containers(WorldDevices.DEV1)).extracting((container) -> container.get("name"))
            .contains(handMade).doesNotContain(bobs);
        act(handMade, "start").jsonPath("$.state").isEqualTo("running");

        this.client.post().uri("/devices/1/containers/{name}/start", bobs).headers(this::auth).exchange()
            .expectStatus().isNotFound();
        this.client.delete().uri("/devices/1/containers/{name}", bobs).headers(this::auth).exchange()
            .expectStatus().isNotFound();
        deploy(WorldDevices.DEV1, Map.of("image", image, "containerName", bobs, "replace", true))
            .expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail).contains("not yours"));
        assertThat(inspect(world.device(0), bobs).getState().getStatus()).as("bob's container is untouched")
            .isEqualTo("created");
    }

    @Test
    void imagesAreListedAndOneInUseIsNotRemoved() throws Exception {
        String name = RUN + "-spare";
        deploy(WorldDevices.DEV1, Map.of("image", spareImage, "containerName", name, "start", false))
            .expectStatus().isCreated();
        String imageId = inspect(world.device(0), name).getImageId();

        List<Map<String, Object>> images = this.client.get().uri("/devices/1/images").headers(this::auth).exchange()
            .expectStatus().isOk()
            .expectBody(JSON_ARRAY).returnResult().getResponseBody();
        assertThat(images).filteredOn((listed) -> imageId.equals(listed.get("id"))).singleElement()
            .satisfies((listed) -> assertThat(listed).containsEntry("tags", List.of(spareImage)).containsKeys("size", "created"));

        this.client.delete().uri("/devices/1/images/{id}", imageId).headers(this::auth).exchange()
            .expectStatus().isEqualTo(409)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.containers[0]").isEqualTo(name)
            .jsonPath("$.image").isEqualTo(imageId);

        this.client.delete().uri("/devices/1/containers/{name}", name).headers(this::auth).exchange()
            .expectStatus().isNoContent();
        this.client.delete().uri("/devices/1/images/{id}", imageId).headers(this::auth).exchange()
            .expectStatus().isNoContent();
        try (DockerClient docker = world.control(world.device(0))) {
            assertThatThrownBy(() -> docker.inspectImageCmd(imageId).exec()).isInstanceOf(NotFoundException.class);
        }

        this.client.delete().uri("/devices/1/images/{id}", imageId).headers(this::auth).exchange()
            .expectStatus().isNotFound()
            .expectBody().jsonPath("$.title").isEqualTo("Unknown image").jsonPath("$.device").isEqualTo("dev1");
        this.client.delete().uri("/devices/1/images/{id}", "nginx").headers(this::auth).exchange()
            .expectStatus().isBadRequest();
    }

    @Test
    void anUnknownDeviceIsNotFound() {
        this.client.get().uri("/devices/42/containers").headers(this::auth).exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.title").isEqualTo("Unknown device");
    }

    @Test
    void anUnreachableDeviceIsABadGatewayNamingTheDevice() {
        this.client.get().uri("/devices/{id}/containers", WorldDevices.UNREACHABLE).headers(this::auth).exchange()
            .expectStatus().value((status) -> assertThat(status).isIn(502, 504))
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Device unreachable")
            .jsonPath("$.device").isEqualTo("ghost")
            .jsonPath("$.address").isEqualTo(WorldDevices.UNREACHABLE_ADDRESS)
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail).contains(WorldDevices.UNREACHABLE_ADDRESS));

        deploy(WorldDevices.UNREACHABLE, Map.of("image", image, "containerName", RUN + "-nowhere"))
            .expectStatus().value((status) -> assertThat(status).isIn(502, 504))
            .expectBody()
            .jsonPath("$.device").isEqualTo("ghost")
            .jsonPath("$.step").isEqualTo("inspect");
    }

    private RestTestClient.ResponseSpec deploy(long deviceId, Map<String, Object> request) {
        return this.client.post().uri("/devices/{id}/deployments", deviceId).headers(this::auth)
            .contentType(MediaType.APPLICATION_JSON).body(request).exchange();
    }

    private RestTestClient.BodyContentSpec act(String name, String action) {
        return this.client.post().uri("/devices/1/containers/{name}/{action}", name, action).headers(this::auth).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.name").isEqualTo(name);
    }

    private List<Map<String, Object>> containers(long deviceId) {
        return this.client.get().uri("/devices/{id}/containers", deviceId).headers(this::auth).exchange()
            .expectStatus().isOk()
            .expectBody(JSON_ARRAY).returnResult().getResponseBody();
    }

    private void auth(org.springframework.http.HttpHeaders headers) {
        headers.setBearerAuth(this.token);
    }

    private static String buildAndPush(Path dir, String greeting, String name) throws Exception {
        return WorldImages.buildAndPush(world, dir, greeting, "alice/deployment-it-" + name, RUN);
    }

    private static void removeImage(DockerClient docker, String reference) {
        WorldImages.remove(docker, reference);
    }

    private static InspectContainerResponse inspect(TestWorld.Device device, String name) throws IOException {
        try (DockerClient docker = world.control(device)) {
            return docker.inspectContainerCmd(name).exec();
        }
    }

    private static List<String> namesOnDevice(TestWorld.Device device) {
        try (DockerClient docker = world.control(device)) {
            return docker.listContainersCmd().withShowAll(true).exec().stream()
                .map((container) -> container.getNames()[0].substring(1))
                .toList();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A port in a range nothing else of the platform uses; a clash with another run is made unlikely, not impossible. */
    private static int freePort() {
        return ThreadLocalRandom.current().nextInt(21000, 29000);
    }


}
