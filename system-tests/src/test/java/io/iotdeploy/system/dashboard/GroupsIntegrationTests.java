package io.iotdeploy.system.dashboard;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tags and groups in a real browser against the running platform, ordered: a device added with tags on the devices
 * page, a group made by a selector whose preview shows what it selects (a malformed one refused at the field), a
 * taken name refused at the name with the form kept, a group made by picking devices, a selector group turned into a
 * list on its page, deletion after a confirmation; each checked against the gateway's API as well.
 * <p>
 * Only the user {@code dash_groups}, with the test world's first two devices: nothing is deployed, nothing on the
 * devices changes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupsIntegrationTests {

    private static final String USER = "dash_groups";

    @RegisterExtension
    static final Browser browser = new Browser();

    static TestGateway user;

    /** Registered through the API, tagged site=basement and role=gateway. */
    static TestWorld.Device gateway;

    /** Added on the devices page, tagged site=basement there. */
    static TestWorld.Device sensor;

    static long gatewayId;

    static String sensorId;

    @BeforeAll
    static void freshUserWithOneTaggedDevice() throws Exception {
        TestWorld world = TestWorld.load();
        List<TestWorld.Device> devices = world.devices();
        if (devices.size() < 2) {
            throw new IllegalStateException("the groups tests need two devices: start the platform with "
                    + "./iotdeploy up --devices 2 (or more)");
        }
        gateway = devices.get(0);
        sensor = devices.get(1);
        user = TestGateway.asAdmin().user(USER);
        // whatever an earlier run left: no groups, no devices
        for (JsonNode group : user.get("/api/groups").json()) {
            TestGateway.Response deleted = user.delete("/api/groups/" + group.get("name").asString());
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        }
        for (JsonNode registered : user.get("/api/devices").json()) {
            TestGateway.Response removed = user.delete("/api/devices/" + registered.get("id").asLong());
            assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        }
        TestGateway.Response registered = user.post("/api/devices", Map.of("address", gateway.address(), "port",
                gateway.apiPort(), "tags", Map.of("site", "basement", "role", "gateway")));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        gatewayId = registered.json().get("id").asLong();
    }

    @Test
    @Order(1)
    void theNavbarLeadsToAnEmptyGroupsPage() {
        browser.open("/devices");
        if ("nav-logout".equals(browser.awaitOneOf("nav-logout", "login-username"))) {
            browser.click("nav-logout");
        }
        browser.type("login-username", USER);
        browser.type("login-password", user.password());
        browser.click("login-submit");
        browser.awaitText("nav-user", USER);

        browser.click("nav-groups");

        assertThat(browser.route()).isEqualTo("/groups");
        assertThat(browser.find("groups-empty").getText()).contains("No groups yet");
    }

    @Test
    @Order(2)
    void aDeviceAddedWithTagsOnTheDevicesPageHasThem() throws Exception {
        browser.click("nav-devices");
        browser.type("device-add-address", sensor.address());
        browser.type("device-add-port", String.valueOf(sensor.apiPort()));
        browser.click("device-add-tags-add");
        browser.type("device-add-tag-key", "site");
        browser.type("device-add-tag-value", "basement");
        browser.click("device-add-submit");

        browser.find("device-add-success");
        sensorId = browser.find(By.cssSelector("[data-test='device-row'][data-device-address='" + sensor.address() + ":"
                + sensor.apiPort() + "']")).getDomAttribute("data-device-id");
        assertThat(browser.text("device-tags-" + sensorId)).isEqualTo("site=basement");
        JsonNode tags = user.get("/api/devices/" + sensorId).json().get("tags");
        assertThat(tags.size()).isEqualTo(1);
        assertThat(tags.get("site").asString()).isEqualTo("basement");
    }

    @Test
    @Order(3)
    void theSelectorPreviewShowsWhatItSelectsAndAMalformedOneAtTheField() {
        browser.click("nav-groups");
        browser.type("group-name", "basement");
        browser.type("group-selector", "site=basement");
        browser.awaitText("group-preview-count", "2 devices");

        browser.type("group-selector", "site=basement,role!=gateway");
        browser.awaitText("group-preview-count", "1 device");
        assertThat(browser.find(By.cssSelector("[data-test='group-preview-device'][data-device-id='" + sensorId + "']"))
            .isDisplayed()).isTrue();

        browser.type("group-selector", "site=basement,Role");
        browser.awaitText("group-selector-problem-title", "Invalid selector");
        assertThat(browser.text("group-selector-problem-detail")).contains("'Role'");
    }

    @Test
    @Order(4)
    void aGroupMadeByASelectorIsListedWithItsMembers() throws Exception {
        browser.type("group-selector", "site=basement,role!=gateway");
        browser.awaitText("group-preview-count", "1 device");
        browser.click("group-submit");

        browser.awaitTextContaining("group-created", "Created basement");
        assertThat(browser.text("group-definition-basement")).isEqualTo("site=basement,role!=gateway");
        assertThat(browser.text("group-member-count-basement")).isEqualTo("1");
        JsonNode group = user.get("/api/groups/basement").json();
        assertThat(group.get("selector").asString()).isEqualTo("site=basement,role!=gateway");
        assertThat(group.get("devices").size()).isEqualTo(1);
        assertThat(String.valueOf(group.get("devices").get(0).get("id").asLong())).isEqualTo(sensorId);
    }

    @Test
    @Order(5)
    void aTakenNameIsShownAtTheNameAndTheFormKeepsWhatWasTyped() throws Exception {
        browser.type("group-name", "basement");
        browser.type("group-selector", "role=gateway");
        browser.awaitText("group-preview-count", "1 device");
        browser.click("group-submit");

        browser.awaitText("group-name-problem-title", "Group already exists");
        assertThat(browser.value("group-name")).isEqualTo("basement");
        assertThat(browser.value("group-selector")).isEqualTo("role=gateway");
        // the first group is as it was
        assertThat(user.get("/api/groups/basement").json().get("selector").asString())
            .isEqualTo("site=basement,role!=gateway");
    }

    @Test
    @Order(6)
    void aGroupMadeByPickingDevicesIsAList() throws Exception {
        browser.type("group-name", "pair");
        browser.click("group-kind-devices");
        browser.click("group-device-check-" + gatewayId);
        browser.click("group-device-check-" + sensorId);
        browser.awaitTextContaining("group-picked-count", "2 devices of 2");
        browser.click("group-submit");

        browser.awaitTextContaining("group-created", "Created pair");
        assertThat(browser.text("group-definition-pair")).isEqualTo("list of 2 devices");
        assertThat(browser.text("group-member-count-pair")).isEqualTo("2");
        JsonNode group = user.get("/api/groups/pair").json();
        assertThat(group.get("selector").isNull()).isTrue();
        assertThat(group.get("devices").size()).isEqualTo(2);
    }

    @Test
    @Order(7)
    void aSelectorGroupBecomesAListOnItsPage() throws Exception {
        browser.click("group-link-basement");
        browser.awaitText("group-name-heading", "basement");
        assertThat(browser.route()).isEqualTo("/groups/basement");
        browser.find(By.cssSelector("[data-test='group-member'][data-device-id='" + sensorId + "']"));

        browser.click("group-edit");
        assertThat(browser.value("group-selector")).isEqualTo("site=basement,role!=gateway");
        browser.click("group-kind-devices");
        // the selector's members now start picked
        assertThat(browser.isSelected("group-device-check-" + sensorId)).isTrue();
        browser.click("group-device-check-" + gatewayId);
        browser.click("group-submit");

        browser.awaitTextContaining("group-saved", "2 devices");
        assertThat(browser.text("group-definition")).isEqualTo("a list of 2 devices");
        assertThat(browser.text("group-member-count")).isEqualTo("2");
        JsonNode group = user.get("/api/groups/basement").json();
        assertThat(group.get("selector").isNull()).isTrue();
        assertThat(group.get("devices").size()).isEqualTo(2);
    }

    @Test
    @Order(8)
    void deletingAsksFirst() throws Exception {
        browser.click("back-to-groups");
        browser.click("group-remove-pair");
        assertThat(browser.find("group-remove-confirm-pair").getText()).isEqualTo("Yes, delete");
        // nothing happens before the confirmation
        assertThat(user.get("/api/groups/pair").status()).isEqualTo(200);

        browser.click("group-remove-confirm-pair");

        browser.awaitGone("group-remove-confirm-pair");
        assertThat(browser.isShown("group-link-pair")).isFalse();
        TestGateway.Response gone = user.get("/api/groups/pair");
        assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
        // and its devices stay
        assertThat(user.get("/api/devices/" + gatewayId).status()).isEqualTo(200);
    }

}
