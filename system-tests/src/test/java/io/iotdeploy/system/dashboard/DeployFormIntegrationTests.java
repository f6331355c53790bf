package io.iotdeploy.system.dashboard;

import java.io.IOException;
import java.net.URI;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The deploy form's fleet targets in a real browser against the running platform, checked through the API and on the
 * devices: a jar deployed to a tag selector whose preview shows the devices it selects (release 1, running on both),
 * the same upload again (unchanged: release 1, no container touched), a changed one to a group (release 2 on both), a
 * malformed selector refused at its field before anything is uploaded, and the container settings that the
 * administrator's policy gates, which the form offers only where the policy allows them.
 * <p>
 * Only the user {@code dash_deploy}, with the test world's first two devices tagged {@code site=<application>}, and
 * its application {@code dash_deploy_<run>} (the registry outlives a run: a name of its own makes release 1 new).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployFormIntegrationTests {

    private static final String USER = "dash_deploy";

    /** Every application these tests make starts with it, so that the next run's clean-up finds them. */
    private static final String PREFIX = "dash_deploy_";

    private static final String APP = PREFIX + Long.toString(System.currentTimeMillis(), 36);

    private static final String SITE = "site=" + APP;

    private static final String GROUP = APP.replace('_', '-');

    /** A release to two devices: a build, a push, two pulls (the base image is usually there already). */
    private static final Duration DEPLOY_PATIENCE = Duration.ofMinutes(3);

    private static final Duration CONVERGED = Duration.ofSeconds(120);

    @RegisterExtension
    static final Browser browser = new Browser();

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestGateway user;

    static List<TestWorld.Device> devices;

    static final List<Long> deviceIds = new ArrayList<>();

    static int hostPort;

    /** How many deploys the form has sent, as its status card counts them. */
    static int sent;

    @BeforeAll
    static void twoTaggedDevicesAndAGroup() throws Exception {
        world = TestWorld.load();
        if (world.devices().size() < 2) {
            throw new IllegalStateException("the deploy form tests need two devices: start the platform with "
                    + "./iotdeploy up --devices 2 (or more)");
        }
        devices = world.devices().subList(0, 2);
        user = TestGateway.asAdmin().user(USER);
        hostPort = 18700 + (int) (ProcessHandle.current().pid() % 100);
        removeEarlierRuns();
        for (TestWorld.Device device : devices) {
            long id = user.deviceId(device.address(), device.apiPort());
            TestGateway.Response tagged = user.send(user.request("/api/devices/" + id + "/tags")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(TestGateway.json.writeValueAsString(Map.of("site", APP))))
                .build());
            assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
            deviceIds.add(id);
        }
        TestGateway.Response group = user.post("/api/groups", Map.of("name", GROUP, "selector", SITE));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
    }

    /** What an earlier run left: its applications undeployed, its groups deleted, stray containers removed. */
    private static void removeEarlierRuns() throws Exception {
        List<String> undeployed = new ArrayList<>();
        for (JsonNode application : user.get("/api/applications").json()) {
            String name = application.get("name").asString();
            for (JsonNode placement : user.get("/api/applications/" + name + "/devices").json()) {
                if (!"removed".equals(placement.get("state").asString())) {
                    TestGateway.Response undeploy = user.post("/api/applications/" + name + "/deployments",
                            Map.of("target", Map.of("device", placement.get("deviceId").asLong()), "state", "removed"));
                    assertThat(undeploy.status()).as(undeploy.toString()).isEqualTo(201);
                    undeployed.add(name);
                }
            }
        }
        for (String name : undeployed) {
            awaitRemoved(name);
        }
        for (JsonNode group : user.get("/api/groups").json()) {
            TestGateway.Response deleted = user.delete("/api/groups/" + group.get("name").asString());
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        }
        removeStrayContainers();
    }

    @AfterAll
    static void undeploy() throws Exception {
        if (user == null) {
            return;
        }
        TestGateway.Response undeploy = user.post("/api/applications/" + APP + "/deployments",
                Map.of("target", Map.of("selector", SITE), "state", "removed"));
        if (undeploy.status() == 201) {
            awaitRemoved(APP);
        }
        removeStrayContainers();
    }

    @Test
    @Order(1)
    void theTagsPreviewShowsBothDevicesAndTheDeployRunsOnBoth() throws Exception {
        signIn();
        browser.open("/devices/" + deviceIds.get(0) + "/deploy");
        browser.awaitTextContaining("deploy-form", "Application file");
        browser.click("deploy-target-tags");
        browser.type("deploy-tags", SITE);
        browser.awaitText("deploy-tags-count", "2 devices");
        for (long id : deviceIds) {
            browser.find(By.cssSelector("[data-test='deploy-tags-device'][data-device-id='" + id + "']"));
        }
        fillIn(TestApps.helloServerJar(dir.resolve("v1"), "dashboard v1 of " + APP));
        browser.type("deploy-note", "from the dashboard");

        deploy();

        assertThat(browser.text("deploy-result-release")).isEqualTo("1");
        assertThat(browser.isShown("deploy-result-new")).isTrue();
        assertThat(browser.isShown("deploy-result-unchanged")).isFalse();
        assertDevicesShown("running");
        assertThat(browser.text("deploy-result-summary")).isEqualTo("2 of 2 devices running");
        assertThat(browser.text("deploy-result-note")).isEqualTo("from the dashboard");
        assertThat(browser.attribute("deploy-step-deploy", "data-state")).isEqualTo("done");
        assertPlacements(1);
        for (TestWorld.Device device : devices) {
            assertThat(TestApps.awaitAnswer(URI.create("http://" + device.address() + ":" + hostPort + "/"),
                    Duration.ofSeconds(60))).isEqualTo("dashboard v1 of " + APP + " from amd64\n");
        }
        assertThat(user.get("/api/applications/" + APP + "/releases").json().get(0).get("note").asString())
            .isEqualTo("from the dashboard");
    }

    @Test
    @Order(2)
    void theSameUploadAgainIsUnchangedAndTouchesNoContainer() throws Exception {
        List<String> before = containerIds();

        deploy();

        assertThat(browser.text("deploy-result-release")).isEqualTo("1");
        assertThat(browser.isShown("deploy-result-unchanged")).isTrue();
        assertThat(browser.attribute("deploy-step-build", "data-state")).isEqualTo("skipped");
        assertDevicesShown("running");
        assertPlacements(1);
        assertThat(containerIds()).isEqualTo(before);
        assertThat(user.get("/api/applications/" + APP + "/releases").json()).hasSize(1);
    }

    @Test
    @Order(3)
    void aChangedUploadToTheGroupIsReleaseTwoOnBothDevices() throws Exception {
        // from the group's page: its deploy button opens the form with the group as the target
        browser.open("/groups/" + GROUP);
        browser.click("group-deploy");
        browser.awaitTextContaining("deploy-form", "Application file");
        sent = 0;
        assertThat(browser.find("deploy-target-group").isSelected()).isTrue();
        browser.awaitText("deploy-group-count", "2 devices");
        fillIn(TestApps.helloServerJar(dir.resolve("v2"), "dashboard v2 of " + APP));

        deploy();

        assertThat(browser.text("deploy-result-release")).isEqualTo("2");
        assertThat(browser.isShown("deploy-result-new")).isTrue();
        assertThat(browser.text("deploy-result-group")).isEqualTo(GROUP);
        assertDevicesShown("running");
        assertPlacements(2);
        for (TestWorld.Device device : devices) {
            assertThat(TestApps.awaitAnswer(URI.create("http://" + device.address() + ":" + hostPort + "/"),
                    Duration.ofSeconds(60))).isEqualTo("dashboard v2 of " + APP + " from amd64\n");
        }
    }

    @Test
    @Order(4)
    void aMalformedSelectorIsRefusedAtItsFieldAndNothingIsUploaded() throws Exception {
        browser.click("deploy-target-tags");
        browser.type("deploy-tags", "site=");
        browser.awaitText("deploy-tags-problem-title", "Invalid selector");
        assertThat(browser.text("deploy-tags-problem-detail")).contains("'site='");
        assertThat(browser.attribute("deploy-tags", "class")).contains("is-invalid");

        browser.click("deploy-submit");

        browser.find("deploy-invalid");
        assertThat(browser.attribute("deploy-status", "data-sent")).isEqualTo(String.valueOf(sent));
        // tags that select none of the devices are refused there too, as the gateway would refuse them (422)
        browser.type("deploy-tags", "site=nowhere-" + APP);
        browser.awaitText("deploy-tags-problem-title", "Tags select no device");
        browser.click("deploy-submit");
        browser.find("deploy-invalid");
        assertThat(browser.attribute("deploy-status", "data-sent")).isEqualTo(String.valueOf(sent));
        assertThat(user.get("/api/applications/" + APP + "/releases").json()).hasSize(2);
    }

    @Test
    @Order(5)
    void aSettingThePolicyDoesNotAllowIsNotOfferedAndTheFormSaysWhy() throws Exception {
        // the platform runs with the default policy: the gateway refuses a privileged container before anything else
        TestGateway.Response privileged = user.upload("/upload", TestGateway.form("tags", SITE, "networkConfig",
                "bridge", "containerName", APP, "imageName", "base/java:17", "privileged", "true", "file",
                TestApps.helloServerJar(dir.resolve("privileged"), "never deployed")));
        assertThat(privileged.status()).as(privileged.toString()).isEqualTo(403);
        assertThat(privileged.json().get("title").asString()).isEqualTo("Container setting not allowed");

        browser.open("/devices/" + deviceIds.get(0) + "/deploy");
        browser.awaitTextContaining("deploy-form", "Application file");
        String policy = browser.waitUntil((driver) -> {
            String status = driver.findElement(Browser.test("deploy-gated")).getDomAttribute("data-policy");
            return "loading".equals(status) ? null : status;
        });
        assertThat(policy).isEqualTo("known");
        // the form names the setting and the key of the policy that would allow it
        assertThat(browser.text("deploy-gated-refused-privileged")).contains("Privileged mode")
            .contains("allow-privileged");
        for (String gated : List.of("privileged", "capAdd", "devices", "binds", "hostPid", "hostIpc")) {
            assertThat(browser.isShown("deploy-gated-" + gated)).as(gated).isFalse();
        }
        assertThat(browser.isShown("deploy-privileged")).isFalse();
        // the network modes the default policy allows are offered, the others are not
        assertThat(browser.isShown("deploy-network-bridge")).isTrue();
        assertThat(browser.isShown("deploy-network-host")).isTrue();
        assertThat(browser.isShown("deploy-network-none")).isFalse();
    }

    // --- helpers

    private static void signIn() {
        browser.open("/devices");
        if ("nav-logout".equals(browser.awaitOneOf("nav-logout", "login-username"))) {
            browser.click("nav-logout");
        }
        browser.type("login-username", USER);
        browser.type("login-password", user.password());
        browser.click("login-submit");
        browser.awaitText("nav-user", USER);
    }

    private static void fillIn(Path jar) {
        browser.chooseFile("deploy-file", jar);
        browser.awaitTextContaining("deploy-file-info", jar.getFileName().toString());
        browser.type("deploy-container-name", APP);
        browser.type("deploy-port-host-0", String.valueOf(hostPort));
        browser.type("deploy-port-container-0", "8000");
    }

    /** Sends the form and waits for its answer. */
    private static void deploy() {
        browser.click("deploy-submit");
        sent++;
        // the card counts the deploys it sent: the answer awaited is this one's, not the one before
        browser.awaitAttribute("deploy-status", "data-sent", String.valueOf(sent), Browser.PATIENCE);
        String[] phase = { null };
        try {
            browser.wait(DEPLOY_PATIENCE).until((driver) -> {
                phase[0] = driver.findElement(Browser.test("deploy-status")).getDomAttribute("data-phase");
                return "done".equals(phase[0]) || "failed".equals(phase[0]);
            });
        }
        catch (org.openqa.selenium.TimeoutException ex) {
            fail("the deploy is still " + phase[0] + " after " + DEPLOY_PATIENCE);
        }
        if ("failed".equals(phase[0])) {
            fail("the deploy failed: " + browser.text("deploy-problem"));
        }
    }

    /** Both devices are listed in the result, in {@code state}. */
    private static void assertDevicesShown(String state) {
        for (long id : deviceIds) {
            By row = By.cssSelector("[data-test='deploy-result-device-row'][data-device-id='" + id + "']");
            browser.waitUntil((driver) -> state.equals(driver.findElement(row).getDomAttribute("data-state")));
            assertThat(browser.find(row).findElement(Browser.test("deploy-result-device-state")).getText())
                .isEqualTo(state);
        }
    }

    /** The API says that both devices run {@code release}. */
    private static void assertPlacements(int release) throws Exception {
        JsonNode placements = user.get("/api/applications/" + APP + "/devices").json();
        assertThat(placements).hasSize(2);
        List<Long> where = new ArrayList<>();
        placements.forEach((placement) -> {
            assertThat(placement.get("release").asInt()).as(placement.toString()).isEqualTo(release);
            assertThat(placement.get("state").asString()).as(placement.toString()).isEqualTo("running");
            where.add(placement.get("deviceId").asLong());
        });
        assertThat(where).containsExactlyInAnyOrderElementsOf(deviceIds);
    }

    /** The application's container on each device, by id. */
    private static List<String> containerIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (TestWorld.Device device : devices) {
            try (DockerClient docker = world.control(device)) {
                ids.add(docker.inspectContainerCmd(APP).exec().getId());
            }
        }
        return ids;
    }

    private static void awaitRemoved(String application) throws Exception {
        long deadline = System.nanoTime() + CONVERGED.toNanos();
        while (true) {
            boolean removed = true;
            for (JsonNode placement : user.get("/api/applications/" + application + "/devices").json()) {
                removed &= "removed".equals(placement.get("state").asString());
            }
            if (removed) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(application + " is not removed from every device within " + CONVERGED);
            }
            Thread.sleep(250);
        }
    }

    /** Containers of these tests' applications that no deployment has any more (a run cut short). */
    private static void removeStrayContainers() throws IOException {
        for (TestWorld.Device device : devices) {
            try (DockerClient docker = world.control(device)) {
                for (Container container : docker.listContainersCmd().withShowAll(true)
                    .withNameFilter(List.of(PREFIX)).exec()) {
                    docker.removeContainerCmd(container.getId()).withForce(true).exec();
                }
            }
        }
    }

}
