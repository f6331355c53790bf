package io.iotdeploy.deployment.reconcile;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.iotdeploy.deployment.WorldDevices;
import io.iotdeploy.deployment.WorldImages;
import io.iotdeploy.deployment.release.ReleaseCatalog;
import io.iotdeploy.device.DeviceDirectory;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Desired state and the reconciler against the real world: images built on the build host and pushed to the private
 * registry become releases, deployments to a tag selector or a group run on the simulated devices, and every
 * assertion about a device is checked on its own engine. The fleet's answers (which devices a target selects, a
 * device's state) come from {@link WorldFleet}; the reconciler runs on its own with a 2 s interval, and the tests wait
 * for it by bounded polling. Everything made here carries the run's name and is removed at the end.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "deployment-service.reconcile.enabled=true", "deployment-service.reconcile.interval=2s",
                "deployment-service.reconcile.events-interval=1s",
                // rollouts: a short soak, checked often
                "deployment-service.rollout.soak-time=1s", "deployment-service.rollout.tick=500ms",
                // no arm64 builder here: a release without an arm64 image is refused for the arm device
                "deployment-service.builds.builders.[linux/arm64]=" })
@AutoConfigureRestTestClient
@Import({ WorldDevices.class, ReconcilerIntegrationTests.Fleet.class })
class ReconcilerIntegrationTests {

    @DynamicPropertySource
    static void registryLogin(DynamicPropertyRegistry properties) {
        properties.add("deployment-service.registry-login.password-file",
                () -> TestWorld.load().secretFile("registry-device.password").toString());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Fleet {

        @Bean
        @Primary
        WorldFleet worldFleet(DeviceDirectory devices) {
            return new WorldFleet(devices);
        }

    }

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_ARRAY = new ParameterizedTypeReference<>() {
    };

    private static final String RUN = "rit-" + UUID.randomUUID().toString().substring(0, 8);

    private static final Duration CONVERGED = Duration.ofSeconds(180);

    private static TestWorld world;

    /** Two builds of the hello server: release 1 and release 2 of every application here. */
    private static Build first;

    private static Build second;

    private final RestTestClient client;

    private final WorldFleet fleet;

    private final Reconciler reconciler;

    private final ReleaseCatalog catalog;

    private final String token;

    record Build(String image, String digest, String greeting) {
    }

    @Autowired
    ReconcilerIntegrationTests(RestTestClient client, InternalTokens tokens, WorldFleet fleet, Reconciler reconciler,
            ReleaseCatalog catalog) {
        this.client = client;
        this.catalog = catalog;
        this.fleet = fleet;
        this.reconciler = reconciler;
        this.token = tokens.issue("alice", false);
    }

    @BeforeAll
    static void buildAndPush(@TempDir Path dir) throws Exception {
        world = TestWorld.load();
        first = buildAndPush(dir.resolve("one"), "release one of " + RUN, "one");
        second = buildAndPush(dir.resolve("two"), "release two of " + RUN, "two");
    }

    @AfterAll
    static void removeEverythingOfThisRun() throws IOException {
        for (TestWorld.Device device : world.devices()) {
            try (DockerClient docker = world.control(device)) {
                docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(RUN)).exec().forEach(
                        (container) -> docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec());
                removeImage(docker, first.image());
                removeImage(docker, second.image());
            }
        }
        try (DockerClient build = world.buildEngineClient()) {
            removeImage(build, first.image());
            removeImage(build, second.image());
        }
    }

    @Test
    void aSelectorDeploymentRunsOnEveryDeviceItSelectsAndIsKeptThere() throws Exception {
        String app = RUN + "-kept";
        int port = freePort();
        release(app, first, port);
        String site = "site=" + app;
        this.fleet.tag(WorldDevices.DEV1, site);
        this.fleet.tag(WorldDevices.DEV2, site);

        Map<String, Object> made = deploy(app, Map.of("release", 1, "target", Map.of("selector", site)));
        assertThat(made).containsEntry("application", app).containsEntry("release", 1).containsEntry("state", "running")
            .containsEntry("target", Map.of("kind", "selector", "value", site));
        assertThat(devices(made)).extracting((device) -> device.get("deviceId"))
            .containsExactly(1, 2);
        long deployment = id(made);
        awaitStates(app, deployment, Map.of(1, "running", 2, "running"));

        for (int index : List.of(0, 1)) {
            InspectContainerResponse container = inspect(index, app);
            assertThat(container.getState().getRunning()).isTrue();
            assertThat(container.getConfig().getLabels()).containsEntry("iotdeploy.application", app)
                .containsEntry("iotdeploy.release", "1").containsEntry("iotdeploy.deployment", Long.toString(deployment))
                .containsEntry("iotdeploy.owner", "alice").containsEntry("iotdeploy.managed", "true");
        }
        assertThat(TestApps.awaitAnswer(URI.create("http://" + world.device(0).address() + ":" + port + "/"),
                Duration.ofSeconds(60))).isEqualTo(first.greeting() + " from amd64\n");

        // removed by hand: the next pass makes it again
        String removed = inspect(1, app).getId();
        try (DockerClient docker = world.control(world.device(1))) {
            docker.removeContainerCmd(removed).withForce(true).exec();
        }
        awaitOnDevice(1, app, (container) -> container != null && !container.getId().equals(removed)
                && container.getState().getRunning());

        // the same release again: nothing is pulled, removed or re-created
        String one = inspect(0, app).getId();
        String two = inspect(1, app).getId();
        Map<String, Object> again = deploy(app, Map.of("release", 1, "target", Map.of("selector", site)));
        assertThat((List<Map<String, Object>>) again.get("supersedes")).extracting((entry) -> entry.get("deviceId"))
            .containsExactlyInAnyOrder(1, 2);
        awaitStates(app, id(again), Map.of(1, "running", 2, "running"));
        assertThat(inspect(0, app).getId()).isEqualTo(one);
        assertThat(inspect(1, app).getId()).isEqualTo(two);
        assertThat(states(app, deployment)).containsEntry(1, "superseded").containsEntry(2, "superseded");

        List<Map<String, Object>> where = get("/applications/" + app + "/devices", JSON_ARRAY);
        assertThat(where).extracting((entry) -> entry.get("deviceId"), (entry) -> entry.get("release"),
                (entry) -> entry.get("state"), (entry) -> ((Number) entry.get("deployment")).longValue())
            .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1, "running", id(again)),
                    org.assertj.core.groups.Tuple.tuple(2, 1, "running", id(again)));
    }

    @Test
    void aNewReleaseReplacesTheOldOneARollBackRestoresItAndTheLaterDeploymentWinsPerDevice() throws Exception {
        String app = RUN + "-roll";
        int port = freePort();
        release(app, first, port);
        release(app, second, port);
        String group = app + "-group";
        this.fleet.group(group, WorldDevices.DEV1, WorldDevices.DEV2);

        awaitStates(app, id(deploy(app, Map.of("release", 1, "target", Map.of("group", group)))),
                Map.of(1, "running", 2, "running"));
        awaitStates(app, id(deploy(app, Map.of("release", 2, "target", Map.of("group", group)))),
                Map.of(1, "running", 2, "running"));
        for (int index : List.of(0, 1)) {
            assertThat(inspect(index, app).getConfig().getLabels()).containsEntry("iotdeploy.release", "2");
            assertThat(TestApps.awaitAnswer(URI.create("http://" + world.device(index).address() + ":" + port + "/"),
                    Duration.ofSeconds(60))).isEqualTo(second.greeting() + " from amd64\n");
        }

        // roll back: release 1 again, whose image each device still has
        awaitStates(app, id(deploy(app, Map.of("release", 1, "target", Map.of("group", group), "note", "roll back"))),
                Map.of(1, "running", 2, "running"));
        assertThat(TestApps.awaitAnswer(URI.create("http://" + world.device(1).address() + ":" + port + "/"),
                Duration.ofSeconds(60))).isEqualTo(first.greeting() + " from amd64\n");

        // release 2 on dev1 alone: the later deployment wins there, dev2 keeps release 1
        Map<String, Object> one = deploy(app, Map.of("release", 2, "target", Map.of("device", 1)));
        assertThat((List<Map<String, Object>>) one.get("supersedes")).extracting((entry) -> entry.get("deviceId"))
            .containsExactly(1);
        awaitStates(app, id(one), Map.of(1, "running"));
        assertThat(inspect(0, app).getConfig().getLabels()).containsEntry("iotdeploy.release", "2");
        assertThat(inspect(1, app).getConfig().getLabels()).containsEntry("iotdeploy.release", "1");

        List<Map<String, Object>> history = get("/applications/" + app + "/deployments", JSON_ARRAY);
        assertThat(history).extracting((entry) -> entry.get("release")).containsExactly(2, 1, 2, 1);
        assertThat(history.get(1)).containsEntry("note", "roll back");
    }

    @Test
    void aStopIsKeptByTheReconcilerAndAnUndeployRemovesTheApplication() throws Exception {
        String app = RUN + "-stop";
        release(app, first, freePort());
        String site = "site=" + app;
        this.fleet.tag(WorldDevices.DEV1, site);
        this.fleet.tag(WorldDevices.DEV2, site);
        awaitStates(app, id(deploy(app, Map.of("release", 1, "target", Map.of("selector", site)))),
                Map.of(1, "running", 2, "running"));

        awaitStates(app, id(deploy(app, Map.of("release", 1, "target", Map.of("selector", site), "state", "stopped"))),
                Map.of(1, "stopped", 2, "stopped"));
        assertThat(inspect(0, app).getState().getRunning()).isFalse();
        long id = this.catalog.application("alice", app).id();
        awaitPasses(id, this.reconciler.completedPasses(id) + 2);
        assertThat(inspect(0, app).getState().getRunning()).as("still stopped after further passes").isFalse();
        assertThat(inspect(1, app).getState().getRunning()).isFalse();

        Map<String, Object> undeploy = deploy(app, Map.of("target", Map.of("selector", site), "state", "removed"));
        assertThat(undeploy).containsEntry("release", null).containsEntry("state", "removed");
        awaitStates(app, id(undeploy), Map.of(1, "removed", 2, "removed"));
        assertThat(inspectOrNull(0, app)).isNull();
        assertThat(inspectOrNull(1, app)).isNull();
    }

    @Test
    void aStopOrRemoveByHandThroughTheContainerApiBecomesTheDevicesDesiredState() throws Exception {
        String app = RUN + "-hand";
        release(app, first, freePort());
        String site = "site=" + app;
        this.fleet.tag(WorldDevices.DEV1, site);
        this.fleet.tag(WorldDevices.DEV2, site);
        awaitStates(app, id(deploy(app, Map.of("release", 1, "target", Map.of("selector", site)))),
                Map.of(1, "running", 2, "running"));

        this.client.post().uri("/devices/1/containers/" + app + "/stop")
            .headers((headers) -> headers.setBearerAuth(this.token))
            .exchange()
            .expectStatus().isOk();
        long id = this.catalog.application("alice", app).id();
        awaitPasses(id, this.reconciler.completedPasses(id) + 2);
        assertThat(inspect(0, app).getState().getRunning()).as("the user's stop is kept").isFalse();
        assertThat(inspect(1, app).getState().getRunning()).isTrue();
        List<Map<String, Object>> history = get("/applications/" + app + "/deployments", JSON_ARRAY);
        assertThat(history.get(0)).containsEntry("state", "stopped").containsEntry("release", 1)
            .containsEntry("target", Map.of("kind", "device", "value", "1"));
        assertThat((String) history.get(0).get("note")).startsWith("by hand on ");

        this.client.delete().uri("/devices/2/containers/" + app)
            .headers((headers) -> headers.setBearerAuth(this.token))
            .exchange()
            .expectStatus().is2xxSuccessful();
        awaitPasses(id, this.reconciler.completedPasses(id) + 2);
        assertThat(inspectOrNull(1, app)).as("removed by hand: not made again").isNull();
        assertThat(get("/applications/" + app + "/deployments", JSON_ARRAY).get(0)).containsEntry("state", "removed");
    }

    @Test
    void anOfflineDeviceWaitsAndConvergesWhenBackAndADeviceThatLeavesTheTargetLosesTheApplication()
            throws Exception {
        String app = RUN + "-join";
        release(app, first, freePort());
        String site = "site=" + app;
        this.fleet.tag(WorldDevices.DEV1, site);
        this.fleet.tag(WorldDevices.DEV2, site);
        this.fleet.offline(WorldDevices.DEV2, true);
        try {
            long deployment = id(deploy(app, Map.of("release", 1, "target", Map.of("selector", site))));
            awaitStates(app, deployment, Map.of(1, "running", 2, "pending"));
            Map<String, Object> pending = devices(get("/applications/" + app + "/deployments/" + deployment, JSON_OBJECT))
                .get(1);
            assertThat(pending).containsEntry("step", "device");
            assertThat((String) pending.get("message")).contains("offline");
            assertThat(inspectOrNull(1, app)).isNull();

            this.fleet.offline(WorldDevices.DEV2, false);
            awaitStates(app, deployment, Map.of(1, "running", 2, "running"));
            assertThat(inspect(1, app).getState().getRunning()).isTrue();

            // dev2 is tagged otherwise: no deployment selects it, so the application goes from it
            this.fleet.tag(WorldDevices.DEV2, "site=elsewhere");
            awaitStates(app, deployment, Map.of(1, "running", 2, "removed"));
            assertThat(inspectOrNull(1, app)).isNull();
            assertThat(inspect(0, app).getState().getRunning()).isTrue();
        }
        finally {
            this.fleet.offline(WorldDevices.DEV2, false);
        }
    }

    @Test
    void aDeploymentThatCannotBeCarriedOutIsRefusedBeforeAnythingIsStored() {
        String app = RUN + "-refused";
        release(app, first, freePort());
        this.fleet.tag(WorldFleet.ARM, "role=" + app);

        problem(post("/applications/" + RUN + "-none/deployments", Map.of("release", 1, "target", Map.of("device", 1))),
                404).containsEntry("application", RUN + "-none");
        problem(post("/applications/" + app + "/deployments", Map.of("release", 7, "target", Map.of("device", 1))), 404)
            .containsEntry("release", 7);
        problem(post("/applications/" + app + "/deployments",
                Map.of("release", 1, "target", Map.of("selector", "site=nowhere-" + RUN))), 422)
            .containsEntry("field", "target.selector");
        problem(post("/applications/" + app + "/deployments",
                Map.of("release", 1, "target", Map.of("selector", "role=" + app))), 422)
            .containsEntry("platform", "linux/arm64").containsEntry("step", "build");
        problem(post("/applications/" + app + "/deployments",
                Map.of("release", 1, "target", Map.of("group", "no-such-group"))), 404)
            .containsEntry("step", "target");
        Map<String, Object> invalid = problem(post("/applications/" + app + "/deployments",
                Map.of("release", 1, "target", Map.of("device", 1, "group", "g"), "state", "asleep", "Privileged", true)),
                400).actual();
        assertThat((List<Map<String, Object>>) invalid.get("errors")).extracting((error) -> error.get("field"))
            .containsExactlyInAnyOrder("Privileged", "state", "target");
        problem(post("/applications/" + app + "/deployments", Map.of("target", Map.of("device", 1))), 400)
            .containsEntry("field", "release");
        problem(this.client.get().uri("/applications/" + app + "/deployments/999999")
            .headers((headers) -> headers.setBearerAuth(this.token)).exchange(), 404);

        assertThat(get("/applications/" + app + "/deployments", JSON_ARRAY)).isEmpty();
    }

    @Test
    void aHealthCheckIsTheContainersAndAContainerThatStaysUnhealthyIsRestartedByThePlatform() throws Exception {
        String app = RUN + "-health";
        int port = freePort();
        Map<String, Object> dev1 = Map.of("device", 1);
        release(app, first, port, Map.of("env", List.of("PORT=" + port), "networkMode", "host", "healthCheck",
                "http:" + port + "/", "healthInterval", "1s", "healthStartPeriod", "30s"));
        long deployment = id(deploy(app, Map.of("release", 1, "target", dev1)));
        awaitDevice(app, deployment, 1, (device) -> "healthy".equals(device.get("health")));

        InspectContainerResponse container = inspect(0, app);
        assertThat(container.getConfig().getHealthcheck().getTest()).startsWith("CMD", "java")
            .contains("io.iotdeploy.deployment.settings.HealthProbe", "http", Integer.toString(port), "/");
        assertThat(container.getConfig().getHealthcheck().getInterval()).isEqualTo(1_000_000_000L);
        assertThat(container.getState().getHealth().getStatus()).isEqualTo("healthy");
        assertThat(container.getState().getHealth().getLog()).last()
            .satisfies((check) -> assertThat(check.getOutput()).contains("GET /: HTTP/1.1 200"));

        // release 2 checks a path that answers 500: unhealthy after two failures, and the platform restarts it
        release(app, second, port, Map.of("env", List.of("PORT=" + port), "networkMode", "host", "healthCheck",
                "http:" + port + "/fail", "healthInterval", "1s", "healthRetries", 2, "healthStartPeriod", "0s"));
        long broken = id(deploy(app, Map.of("release", 2, "target", dev1)));
        Map<String, Object> unhealthy = awaitDevice(app, broken, 1,
                (device) -> "unhealthy".equals(device.get("health")));
        assertThat(unhealthy).containsEntry("state", "running").containsEntry("step", "health");
        assertThat((String) unhealthy.get("message")).contains("dev1", "http:" + port + "/fail", "500",
                "the platform restarted the container");
        String startedBefore = inspect(0, app).getState().getStartedAt();
        awaitOnDevice(0, app, (now) -> now != null && !now.getState().getStartedAt().equals(startedBefore));
        List<Map<String, Object>> where = get("/applications/" + app + "/devices", JSON_ARRAY);
        // restarted, it is starting again until its check fails twice more
        assertThat(where).singleElement().satisfies((entry) -> {
            assertThat(entry).containsEntry("release", 2);
            assertThat(entry.get("health")).isIn("unhealthy", "starting");
        });
    }

    @Test
    void anApplicationThatKeepsExitingFailsItsDeviceWithItsLastLines() throws Exception {
        String app = RUN + "-crash";
        release(app, first, freePort(), Map.of("env", List.of("EXIT_CODE=3")));
        long deployment = id(deploy(app, Map.of("release", 1, "target", Map.of("device", 2))));

        Map<String, Object> failed = awaitDevice(app, deployment, 2, (device) -> "failed".equals(device.get("state")));
        assertThat(failed).containsEntry("step", "start");
        assertThat((String) failed.get("message")).contains("device dev2", "keeps exiting",
                "hello-server exits with 3 as asked");
    }

    @Test
    void aReleaseThatKeepsExitingStopsOnTheFirstDeviceWhichGoesBackOnItsOwnTheOtherIsNeverTouched() throws Exception {
        String app = RUN + "-bad";
        int port = freePort();
        release(app, first, port);
        release(app, first, port, Map.of("ports", List.of(port + ":8000"), "env", List.of("EXIT_CODE=1")));
        String site = "site=" + app;
        this.fleet.tag(WorldDevices.DEV1, site);
        this.fleet.tag(WorldDevices.DEV2, site);
        awaitStates(app, id(deploy(app, Map.of("release", 1, "target", Map.of("selector", site), "rollout",
                Map.of("strategy", "all-at-once")))), Map.of(1, "running", 2, "running"));
        String untouched = inspect(1, app).getId();

        // release 2 exits at once: the default phases give it to dev1 alone first
        // (a soak long enough for the engine to have restarted it a few times)
        Map<String, Object> made = deploy(app, Map.of("release", 2, "target", Map.of("selector", site), "rollout",
                Map.of("soakTime", "6s")));
        assertThat((Map<String, Object>) made.get("rollout")).containsEntry("strategy", "phased")
            .containsEntry("status", "running").containsEntry("phase", 1);
        long bad = id(made);
        Map<String, Object> over = awaitRollout(app, bad, "rolled-back");
        Map<String, Object> rollout = (Map<String, Object>) over.get("rollout");
        assertThat((String) rollout.get("reason")).contains("phase 1 of 3", "dev1", "keeps exiting",
                "hello-server exits with 1 as asked");
        Map<String, Object> back = awaitDevice(app, bad, 1, (device) -> "rolled-back".equals(device.get("state")));
        assertThat((String) back.get("message")).startsWith("rolled back to release 1: phase 1 of 3");
        assertThat(states(app, bad)).containsEntry(2, "pending");

        // dev1 runs release 1 again on its own; dev2 never had release 2
        awaitOnDevice(0, app, (container) -> container != null
                && "1".equals(container.getConfig().getLabels().get("iotdeploy.release"))
                && container.getState().getRunning());
        assertThat(TestApps.awaitAnswer(URI.create("http://" + world.device(0).address() + ":" + port + "/"),
                Duration.ofSeconds(60))).isEqualTo(first.greeting() + " from amd64\n");
        assertThat(inspect(1, app).getId()).isEqualTo(untouched);
        List<Map<String, Object>> where = get("/applications/" + app + "/devices", JSON_ARRAY);
        assertThat(where).extracting((entry) -> entry.get("deviceId"), (entry) -> entry.get("release"))
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, 1), org.assertj.core.groups.Tuple.tuple(2, 1));

        List<Map<String, Object>> timeline = get("/applications/" + app + "/deployments/" + bad + "/timeline",
                JSON_ARRAY);
        assertThat(timeline).extracting((event) -> event.get("kind"))
            .containsSubsequence("started", "device-failed", "failed", "rolled-back");
        assertThat(timeline).filteredOn((event) -> "device-failed".equals(event.get("kind"))).singleElement()
            .satisfies((event) -> assertThat(event).containsEntry("device", "dev1").containsEntry("phase", 1)
                .containsEntry("fromRelease", 1).containsEntry("toRelease", 2));

        awaitStates(app, id(deploy(app, Map.of("target", Map.of("selector", site), "state", "removed"))),
                Map.of(1, "removed", 2, "removed"));
    }

    @Test
    void aGoodReleaseGoesPhaseByPhaseAnApprovalHoldsItAndANewDeploymentMustAbortIt() throws Exception {
        String app = RUN + "-phases";
        int port = freePort();
        release(app, first, port);
        release(app, second, port);
        String group = app + "-group";
        this.fleet.group(group, WorldDevices.DEV1, WorldDevices.DEV2);
        awaitStates(app, id(deploy(app, Map.of("release", 1, "target", Map.of("group", group), "rollout",
                Map.of("strategy", "all-at-once")))), Map.of(1, "running", 2, "running"));

        long rolling = id(deploy(app, Map.of("release", 2, "target", Map.of("group", group), "rollout",
                Map.of("phases", List.of("1", "100%"), "approval", true))));
        Map<String, Object> held = awaitRollout(app, rolling, "waiting");
        assertThat(inspect(0, app).getConfig().getLabels()).containsEntry("iotdeploy.release", "2");
        assertThat(inspect(1, app).getConfig().getLabels()).as("phase 2 waits for approval")
            .containsEntry("iotdeploy.release", "1");
        assertThat(devices(held)).filteredOn((device) -> Integer.valueOf(2).equals(device.get("deviceId")))
            .singleElement()
            .satisfies((device) -> assertThat(device).containsEntry("state", "pending").containsEntry("step", "rollout"));

        // while it runs, another deployment is refused unless it aborts it
        problem(post("/applications/" + app + "/deployments", Map.of("release", 1, "target", Map.of("group", group))),
                409).containsEntry("deployment", (int) rolling).containsEntry("rollout", "waiting");

        post("/applications/" + app + "/deployments/" + rolling + "/resume", Map.of()).expectStatus().isOk();
        awaitRollout(app, rolling, "finished");
        awaitStates(app, rolling, Map.of(1, "running", 2, "running"));
        assertThat(inspect(1, app).getConfig().getLabels()).containsEntry("iotdeploy.release", "2");
        List<Map<String, Object>> timeline = get("/applications/" + app + "/deployments/" + rolling + "/timeline",
                JSON_ARRAY);
        assertThat(timeline).extracting((event) -> event.get("kind")).containsSubsequence("started", "phase-done",
                "waiting", "resumed", "phase-started", "phase-done", "finished");

        // pause and abort a rollout of release 1: with "abort": true a new one goes ahead
        long back = id(deploy(app, Map.of("release", 1, "target", Map.of("group", group), "rollout",
                Map.of("phases", List.of("1", "100%"), "soakTime", "1h"))));
        post("/applications/" + app + "/deployments/" + back + "/pause", Map.of()).expectStatus().isOk();
        assertThat((Map<String, Object>) get("/applications/" + app + "/deployments/" + back, JSON_OBJECT)
            .get("rollout")).containsEntry("status", "paused");
        long instead = id(deploy(app, Map.of("release", 2, "target", Map.of("group", group), "abort", true,
                "rollout", Map.of("strategy", "all-at-once"))));
        assertThat((Map<String, Object>) get("/applications/" + app + "/deployments/" + back, JSON_OBJECT)
            .get("rollout")).containsEntry("status", "aborted");
        awaitStates(app, instead, Map.of(1, "running", 2, "running"));
        problem(post("/applications/" + app + "/deployments/" + back + "/resume", Map.of()), 409)
            .containsEntry("rollout", "aborted");

        // undeployed: nothing of it stays on the devices for the reconciler to keep
        awaitStates(app, id(deploy(app, Map.of("target", Map.of("group", group), "state", "removed"))),
                Map.of(1, "removed", 2, "removed"));
    }

    // --- helpers

    /** The deployment once its rollout has this status, within {@link #CONVERGED}. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitRollout(String app, long deployment, String status) {
        long deadline = System.nanoTime() + CONVERGED.toNanos();
        Map<String, Object> last = null;
        while (System.nanoTime() < deadline) {
            last = get("/applications/" + app + "/deployments/" + deployment, JSON_OBJECT);
            Map<String, Object> rollout = (Map<String, Object>) last.get("rollout");
            if (rollout != null && status.equals(rollout.get("status"))) {
                return last;
            }
            pause();
        }
        return fail("the rollout of deployment " + deployment + " of " + app + " did not become " + status
                + " within " + CONVERGED + ": " + last);
    }

    private void release(String app, Build build, int port) {
        release(app, build, port, Map.of("ports", List.of(port + ":8000")));
    }

    /** A release of the build with these settings (besides the base image). */
    private void release(String app, Build build, int port, Map<String, Object> settings) {
        byte[] artifact = ("PK\3\4" + app + build.image()).getBytes(StandardCharsets.UTF_8);
        String sha256 = sha256(artifact);
        this.client.put().uri("/artifacts/sha256:" + sha256)
            .headers((headers) -> headers.setBearerAuth(this.token))
            .contentType(MediaType.APPLICATION_OCTET_STREAM)
            .body(artifact)
            .exchange()
            .expectStatus().is2xxSuccessful();
        Map<String, Object> body = Map.of("artifact", Map.of("sha256", sha256, "size", artifact.length, "kind", "jar"),
                "settings", withBase(settings), "image",
                build.image(), "images",
                List.of(Map.of("platform", "linux/amd64", "image", build.image(), "digest", build.digest())));
        post("/applications/" + app + "/releases", body).expectStatus().isCreated();
    }

    private static Map<String, Object> withBase(Map<String, Object> settings) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(settings);
        all.put("baseImage", "base/java:17");
        return all;
    }

    /** The device's entry of the deployment once it satisfies the condition, within {@link #CONVERGED}. */
    private Map<String, Object> awaitDevice(String app, long deployment, int deviceId,
            Predicate<Map<String, Object>> condition) {
        long deadline = System.nanoTime() + CONVERGED.toNanos();
        Map<String, Object> last = null;
        while (System.nanoTime() < deadline) {
            last = devices(get("/applications/" + app + "/deployments/" + deployment, JSON_OBJECT)).stream()
                .filter((device) -> Integer.valueOf(deviceId).equals(device.get("deviceId")))
                .findFirst()
                .orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            pause();
        }
        return fail("device " + deviceId + " of deployment " + deployment + " of " + app + " did not become as "
                + "expected within " + CONVERGED + ": " + last);
    }

    private Map<String, Object> deploy(String app, Map<String, Object> body) {
        return post("/applications/" + app + "/deployments", body).expectStatus().isCreated()
            .expectHeader().value("Location", (location) -> assertThat(location).contains("/applications/" + app
                    + "/deployments/"))
            .expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    private RestTestClient.ResponseSpec post(String path, Map<String, Object> body) {
        return this.client.post().uri(path)
            .headers((headers) -> headers.setBearerAuth(this.token))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange();
    }

    private <T> T get(String path, ParameterizedTypeReference<T> type) {
        return this.client.get().uri(path)
            .headers((headers) -> headers.setBearerAuth(this.token))
            .exchange()
            .expectStatus().isOk()
            .expectBody(type).returnResult().getResponseBody();
    }

    private static org.assertj.core.api.MapAssert<String, Object> problem(RestTestClient.ResponseSpec response,
            int status) {
        Map<String, Object> problem = response.expectStatus().isEqualTo(status)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(JSON_OBJECT).returnResult().getResponseBody();
        assertThat(problem).containsKeys("title", "detail");
        return assertThat(problem);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> devices(Map<String, Object> deployment) {
        return (List<Map<String, Object>>) deployment.get("devices");
    }

    private static long id(Map<String, Object> deployment) {
        return ((Number) deployment.get("id")).longValue();
    }

    private Map<Integer, String> states(String app, long deployment) {
        Map<String, Object> found = get("/applications/" + app + "/deployments/" + deployment, JSON_OBJECT);
        Map<Integer, String> states = new java.util.TreeMap<>();
        devices(found).forEach((device) -> states.put((Integer) device.get("deviceId"), (String) device.get("state")));
        return states;
    }

    private void awaitStates(String app, long deployment, Map<Integer, String> expected) {
        long deadline = System.nanoTime() + CONVERGED.toNanos();
        Map<String, Object> last = null;
        while (System.nanoTime() < deadline) {
            last = get("/applications/" + app + "/deployments/" + deployment, JSON_OBJECT);
            Map<Integer, String> states = new java.util.TreeMap<>();
            devices(last).forEach((device) -> states.put((Integer) device.get("deviceId"), (String) device.get("state")));
            if (states.entrySet().containsAll(expected.entrySet()) && !rolling(last)) {
                return;
            }
            pause();
        }
        fail("deployment " + deployment + " of " + app + " did not reach " + expected + " within " + CONVERGED + ": "
                + last);
    }

    /** Whether the deployment's rollout is still to move devices (or soak). */
    @SuppressWarnings("unchecked")
    private static boolean rolling(Map<String, Object> deployment) {
        Map<String, Object> rollout = (Map<String, Object>) deployment.get("rollout");
        return rollout != null && List.of("running", "waiting", "paused").contains(rollout.get("status"));
    }

    private void awaitPasses(long application, long passes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (this.reconciler.completedPasses(application) < passes) {
            if (System.nanoTime() > deadline) {
                fail("the reconciler did not finish " + passes + " passes within 60 s");
            }
            pause();
        }
    }

    private static void awaitOnDevice(int index, String app, Predicate<InspectContainerResponse> condition) {
        long deadline = System.nanoTime() + CONVERGED.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(inspectOrNull(index, app))) {
                return;
            }
            pause();
        }
        fail("the container " + app + " on " + world.device(index).name() + " did not become as expected within "
                + CONVERGED);
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static InspectContainerResponse inspect(int index, String name) {
        InspectContainerResponse container = inspectOrNull(index, name);
        assertThat(container).as("container " + name + " on " + world.device(index).name()).isNotNull();
        return container;
    }

    private static InspectContainerResponse inspectOrNull(int index, String name) {
        try (DockerClient docker = world.control(world.device(index))) {
            return docker.inspectContainerCmd(name).exec();
        }
        catch (NotFoundException ex) {
            return null;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Build buildAndPush(Path dir, String greeting, String name) throws Exception {
        String image = WorldImages.buildAndPush(world, dir, greeting, "alice/reconcile-it-" + name, RUN);
        return new Build(image, WorldImages.digest(world, image), greeting);
    }

    private static void removeImage(DockerClient docker, String reference) {
        WorldImages.remove(docker, reference);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static int freePort() {
        return ThreadLocalRandom.current().nextInt(21000, 29000);
    }

}
