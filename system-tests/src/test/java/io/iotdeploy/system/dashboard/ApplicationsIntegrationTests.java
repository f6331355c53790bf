package io.iotdeploy.system.dashboard;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
 * The applications pages in a real browser against the running platform, ordered: two releases made through the
 * API (an upload to tags, then a changed one to a group of them), the list showing the application on the devices,
 * its page showing both releases and every device on release 2, a malformed selector refused at the deploy dialog's
 * field, Roll back (every device on release 1, on the page and through the API), Undeploy after a confirmation
 * (every device removed, and no container of the application left on them, through the API).
 * <p>
 * Only the user {@code dash_apps}, with the test world's first two x86 devices, and an application of its own per
 * run: applications cannot be deleted, and the same upload again would be the same release. Nothing is published
 * on the devices' ports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplicationsIntegrationTests {

    private static final String USER = "dash_apps";

    private static final String APP = "dash_apps_" + Long.toString(System.currentTimeMillis(), 36);

    private static final String SITE = "site=" + APP;

    private static final String GROUP = APP.replace('_', '-');

    /** A roll back pulls nothing (the devices keep the images of their last releases), an undeploy only removes. */
    private static final Duration CONVERGED = Duration.ofSeconds(120);

    @RegisterExtension
    static final Browser browser = new Browser();

    @TempDir
    static Path dir;

    static TestGateway user;

    static final List<Long> deviceIds = new ArrayList<>();

    /** Release 1's artifact, as the API names it. */
    static String firstSha256;

    @BeforeAll
    static void twoReleasesOnTwoTaggedDevices() throws Exception {
        TestWorld world = TestWorld.load();
        List<TestWorld.Device> devices = world.devices().stream()
            .filter((device) -> !device.name().startsWith("arm"))
            .limit(2)
            .toList();
        if (devices.size() < 2) {
            throw new IllegalStateException("the applications tests need two x86 devices: start the platform with "
                    + "./iotdeploy up --devices 2 (or more)");
        }
        user = TestGateway.asAdmin().user(USER);
        undeployWhatEarlierRunsLeft();
        for (JsonNode group : user.get("/api/groups").json()) {
            TestGateway.Response deleted = user.delete("/api/groups/" + group.get("name").asString());
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        }
        for (TestWorld.Device device : devices) {
            long id = user.deviceId(device.address(), device.apiPort());
            TestGateway.Response tagged = user.send(user.request("/api/devices/" + id + "/tags")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(TestGateway.json.writeValueAsString(Map.of("site", APP))))
                .build());
            assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
            deviceIds.add(id);
        }

        TestGateway.Response first = upload(TestApps.helloServerJar(dir.resolve("v1"), "apps v1 of " + APP),
                "tags", SITE, "note", "first build");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("release").get("number").asInt()).isEqualTo(1);
        TestGateway.Response group = user.post("/api/groups", Map.of("name", GROUP, "selector", SITE));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        TestGateway.Response second = upload(TestApps.helloServerJar(dir.resolve("v2"), "apps v2 of " + APP),
                "group", GROUP, "note", "second build");
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(second.json().get("release").get("number").asInt()).isEqualTo(2);
        assertThat(placements()).containsOnly("2 running");
        firstSha256 = user.get("/api/applications/" + APP + "/releases/1").json().get("artifact").get("sha256")
            .asString();
    }

    /** Whatever a failed run left on the devices: undeployed through the API, as a user would. */
    @AfterAll
    static void undeployTheApplication() throws Exception {
        if (user == null || undeployed()) {
            return;
        }
        TestGateway.Response undeploy = user.post("/api/applications/" + APP + "/deployments",
                Map.of("target", Map.of("selector", SITE), "state", "removed"));
        assertThat(undeploy.status()).as(undeploy.toString()).isEqualTo(201);
        long deadline = System.nanoTime() + CONVERGED.toNanos();
        while (System.nanoTime() < deadline && !undeployed()) {
            Thread.sleep(250);
        }
    }

    @Test
    @Order(1)
    void theNavbarLeadsToTheListWithTheApplicationOnItsDevices() {
        browser.open("/devices");
        if ("nav-logout".equals(browser.awaitOneOf("nav-logout", "login-username"))) {
            browser.click("nav-logout");
        }
        browser.type("login-username", USER);
        browser.type("login-password", user.password());
        browser.click("login-submit");
        browser.awaitText("nav-user", USER);

        browser.click("nav-applications");

        assertThat(browser.route()).isEqualTo("/applications");
        browser.find(By.cssSelector("[data-test='application-row'][data-application-name='" + APP + "']"));
        assertThat(browser.text("application-latest-" + APP)).isEqualTo("2");
        browser.awaitText("application-release-devices-" + APP + "-2", "release 2 on 2 devices (2 running)");
        assertThat(browser.isShown("application-release-devices-" + APP + "-1")).isFalse();
    }

    @Test
    @Order(2)
    void itsPageShowsBothReleasesAndEveryDeviceRunningReleaseTwo() {
        browser.click("application-link-" + APP);

        browser.awaitText("application-name-heading", APP);
        assertThat(browser.route()).isEqualTo("/applications/" + APP);
        browser.find(By.cssSelector("[data-test='release-row'][data-release-number='2']"));
        browser.find(By.cssSelector("[data-test='release-row'][data-release-number='1']"));
        assertThat(browser.text("release-note-1")).isEqualTo("first build");
        assertThat(browser.text("release-note-2")).isEqualTo("second build");
        assertThat(browser.text("release-by-1")).isEqualTo("by " + USER);
        assertThat(browser.text("release-sha-1")).isEqualTo(firstSha256.substring(0, 12));
        assertThat(browser.text("release-settings-1")).contains("base/java:17", "1 env");
        browser.find("release-current-2");
        for (long id : deviceIds) {
            browser.awaitText("placement-release-" + id, "2");
            browser.awaitText("placement-state-" + id, "running");
            browser.find("release-device-2-" + id);
            assertThat(browser.isShown("release-device-1-" + id)).isFalse();
        }
        assertThat(browser.text("application-current-target")).isEqualTo("group " + GROUP);
        assertThat(browser.text("application-rollback")).isEqualTo("Roll back to release 1");
    }

    @Test
    @Order(3)
    void aMalformedSelectorInTheDeployDialogIsRefusedAtTheField() throws Exception {
        int deployments = user.get("/api/applications/" + APP + "/deployments").json().size();
        // what the dialog relies on: the deploy itself refuses it naming the selector
        TestGateway.Response refused = user.post("/api/applications/" + APP + "/deployments",
                Map.of("release", 1, "target", Map.of("selector", SITE + ",Role")));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("field").asString()).isEqualTo("target.selector");

        browser.click("application-deploy-open");
        browser.click("app-deploy-kind-selector");
        browser.type("app-deploy-selector", SITE + ",Role");
        browser.click("app-deploy-submit");

        browser.awaitText("app-deploy-selector-problem-title", "Invalid selector");
        assertThat(browser.text("app-deploy-selector-problem-detail")).contains("'Role'");
        assertThat(browser.attribute("app-deploy-selector", "class")).contains("is-invalid");
        assertThat(browser.isShown("app-deploy-problem")).as("the problem is the field's, not the form's").isFalse();
        assertThat(user.get("/api/applications/" + APP + "/deployments").json()).hasSize(deployments);

        browser.type("app-deploy-selector", SITE);
        browser.awaitText("app-deploy-preview-count", "2 devices");
        browser.awaitGone("app-deploy-selector-problem");
        browser.click("app-deploy-cancel");
        browser.awaitGone("app-deploy-dialog");
    }

    @Test
    @Order(4)
    void rollBackMakesEveryDeviceRunReleaseOne() throws Exception {
        browser.click("application-rollback");

        browser.awaitTextContaining("application-done", "release 1, running, on group " + GROUP);
        for (long id : deviceIds) {
            browser.awaitText("placement-release-" + id, "1", CONVERGED);
            browser.awaitText("placement-state-" + id, "running", CONVERGED);
        }
        browser.find("release-current-1");
        assertThat(browser.text("application-rollback")).isEqualTo("Roll back");
        browser.awaitEnabled("application-rollback", false);
        assertThat(placements()).containsOnly("1 running");
        for (long id : deviceIds) {
            JsonNode container = container(id);
            assertThat(container).as(APP + " on device " + id).isNotNull();
            assertThat(container.get("state").asString()).isEqualTo("running");
            assertThat(container.get("labels").get("iotdeploy.release").asString()).isEqualTo("1");
        }
        JsonNode rollBack = user.get("/api/applications/" + APP + "/deployments").json().get(0);
        assertThat(rollBack.get("target").get("kind").asString()).isEqualTo("group");
        assertThat(rollBack.get("target").get("value").asString()).isEqualTo(GROUP);
    }

    @Test
    @Order(5)
    void undeployAsksFirstThenRemovesTheApplicationFromEveryDevice() throws Exception {
        browser.click("application-undeploy");
        assertThat(browser.text("application-undeploy-question")).contains("group " + GROUP, "2 devices");
        // nothing happens before the confirmation
        assertThat(placements()).containsOnly("1 running");

        browser.click("application-undeploy-confirm");

        for (long id : deviceIds) {
            browser.awaitText("placement-state-" + id, "removed", CONVERGED);
        }
        browser.find("application-current-none");
        assertThat(placements()).containsOnly("null removed");
        for (long id : deviceIds) {
            long deadline = System.nanoTime() + CONVERGED.toNanos();
            while (container(id) != null) {
                if (System.nanoTime() > deadline) {
                    fail("device " + id + " still has a container " + APP + " after " + CONVERGED);
                }
                Thread.sleep(250);
            }
        }
    }

    // --- helpers

    private static TestGateway.Response upload(Path jar, String... fields) throws Exception {
        Map<String, Object> form = TestGateway.form("networkConfig", "bridge", "containerName", APP, "imageName",
                "base/java:17", "env", "GREETING_SOURCE=dashboard", "file", jar);
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return user.upload("/upload", form);
    }

    /** Where the application is on the devices: "release state" per device, e.g. "2 running". */
    private static List<String> placements() throws Exception {
        TestGateway.Response where = user.get("/api/applications/" + APP + "/devices");
        if (where.status() == 404) {
            return List.of();
        }
        assertThat(where.status()).as(where.toString()).isEqualTo(200);
        List<String> placements = new ArrayList<>();
        where.json().forEach((placement) -> placements.add(
                (placement.get("release").isNull() ? "null" : placement.get("release").asString()) + " "
                        + placement.get("state").asString()));
        return placements;
    }

    private static boolean undeployed() throws Exception {
        return placements().stream().allMatch((placement) -> placement.endsWith(" removed"));
    }

    /** The application's container on the device, as the gateway lists the device's containers; null if none. */
    private static JsonNode container(long deviceId) throws Exception {
        TestGateway.Response containers = user.get("/api/devices/" + deviceId + "/containers");
        assertThat(containers.status()).as(containers.toString()).isEqualTo(200);
        for (JsonNode container : containers.json()) {
            if (APP.equals(container.get("name").asString().replaceFirst("^/", ""))) {
                return container;
            }
        }
        return null;
    }

    /** An earlier run's application still on a device (its run was killed): undeployed from each such device. */
    private static void undeployWhatEarlierRunsLeft() throws Exception {
        for (JsonNode application : user.get("/api/applications").json()) {
            String name = application.get("name").asString();
            TreeSet<Long> onDevices = new TreeSet<>();
            user.get("/api/applications/" + name + "/devices").json().forEach((placement) -> {
                if (!"removed".equals(placement.get("state").asString())) {
                    onDevices.add(placement.get("deviceId").asLong());
                }
            });
            for (long device : onDevices) {
                TestGateway.Response removed = user.post("/api/applications/" + name + "/deployments",
                        Map.of("target", Map.of("device", device), "state", "removed"));
                // 404: the device itself was removed since
                assertThat(removed.status()).as(removed.toString()).isIn(201, 404);
            }
        }
    }

}
