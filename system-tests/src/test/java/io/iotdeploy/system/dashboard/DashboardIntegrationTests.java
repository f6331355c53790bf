package io.iotdeploy.system.dashboard;

import java.io.IOException;

import java.net.URI;



import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Info;
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


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard in a real browser against the running platform, checked on the device itself: one
 * application's life as a user clicks through it (sign in, add the device, deploy a jar with the form, watch
 * it run, follow its logs, pause, unpause, stop, start, remove), ordered; then the problems a user must be
 * shown (a wrong password, deploys the platform refuses), each on its own.
 * <p>
 * Only the device {@code dev2} and users and containers named {@code dash_…}: another platform user may work
 * on the other devices meanwhile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIntegrationTests {

    private static final String DEVICE = "dev2";

    /** Every container these tests make on the device starts with it, so that clean-up finds them. */
    private static final String PREFIX = "dash_";

    private static final String ALICE = PREFIX + "alice";

    private static final String BOB = PREFIX + "bob";

    private static final String CONTAINER = PREFIX + "hello";

    private static final String GREETING = "dashboard hello";

    private static final String STARTUP_LINE = "hello-server listening on port 8000 (" + GREETING + ")";

    /** A first deploy pulls the base image's layers onto the device. */
    private static final Duration DEPLOY_PATIENCE = Duration.ofMinutes(5);

    private static final String PERCENT = "\\d+\\.\\d %";


    @RegisterExtension
    static final Browser browser = new Browser();

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestWorld.Device device;

    static TestGateway alice;

    static TestGateway bob;

    static int hostPort;

    /** dev2 as alice added it on the page. */
    static String deviceId;

    /** The image the deploy reported. */
    static String image;

    @BeforeAll
    static void freshUsersAndDevice() throws Exception {
        world = TestWorld.load();
        device = world.devices().stream().filter((candidate) -> DEVICE.equals(candidate.name())).findFirst()
            .orElseThrow(() -> new IllegalStateException("the test world has no device " + DEVICE
                    + ": start the platform with ./iotdeploy up --devices 2 (or more)"));
        TestGateway admin = TestGateway.asAdmin();
        alice = admin.user(ALICE);
        bob = admin.user(BOB);
        // alice starts without devices, whatever an earlier run left: she adds dev2 on the page
        for (JsonNode registered : alice.get("/api/devices").json()) {
            TestGateway.Response removed = alice.delete("/api/devices/" + registered.get("id").asLong());
            assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        }
        hostPort = 18400 + (int) (ProcessHandle.current().pid() % 100);
        removeOwnContainers();
    }

    @AfterAll
    static void removeOwnContainers() throws IOException {
        if (device == null) {
            return;
        }
        try (DockerClient docker = world.control(device)) {
            for (Container container : docker.listContainersCmd().withShowAll(true).exec()) {
                if (container.getNames() != null && container.getNames().length > 0
                        && container.getNames()[0].startsWith("/" + PREFIX)) {
                    docker.removeContainerCmd(container.getId()).withForce(true).exec();
                }
            }
            // and the images the platform pulled for these users, now that nothing uses them
            for (Image pulled : docker.listImagesCmd().exec()) {
                boolean ours = pulled.getRepoTags() != null && Arrays.stream(pulled.getRepoTags())
                    .anyMatch((tag) -> tag.startsWith(world.privateRegistry() + "/" + PREFIX));
                if (ours) {
                    try {
                        docker.removeImageCmd(pulled.getId()).withForce(true).exec();
                    }
                    catch (NotFoundException ex) {
                        // removed with another tag of it
                    }
                }
            }
        }
    }

    @Test
    @Order(1)
    void aFreshUserSignsInAndHasNoDevicesYet() {
        signIn(ALICE, alice.password());

        assertThat(browser.text("nav-user")).isEqualTo(ALICE);
        assertThat(browser.route()).isEqualTo("/devices");
        assertThat(browser.find("device-list-empty").getText()).contains("No devices yet");
    }

    @Test
    @Order(2)
    void addingTheDeviceShowsItOnlineWithItsArchitecture() throws Exception {
        browser.type("device-add-address", device.address());
        browser.type("device-add-port", String.valueOf(device.apiPort()));
        browser.click("device-add-submit");

        assertThat(browser.find("device-add-success").getText()).contains("online");
        deviceId = browser.find(By.cssSelector("[data-test='device-row'][data-device-address='" + device.address() + ":"
                + device.apiPort() + "']")).getDomAttribute("data-device-id");
        assertThat(browser.text("device-state-" + deviceId)).isEqualTo("online");
        assertThat(browser.text("device-architecture-" + deviceId)).isEqualTo("x86_64");
        // what the device's own engine says
        try (DockerClient docker = world.control(device)) {
            assertThat(docker.infoCmd().exec().getArchitecture()).isEqualTo("x86_64");
            assertThat(browser.text("device-docker-version-" + deviceId)).isEqualTo(docker.versionCmd().exec().getVersion());
        }
    }

    @Test
    @Order(3)
    void theDevicePageShowsTheDevicesFacts() throws Exception {
        browser.click("device-link-" + deviceId);

        browser.awaitText("device-name", DEVICE);
        assertThat(browser.route()).isEqualTo("/devices/" + deviceId);
        assertThat(browser.text("device-state")).isEqualTo("online");
        assertThat(browser.text("device-address")).isEqualTo(device.address() + ":" + device.apiPort());
        assertThat(browser.text("fact-architecture")).isEqualTo("x86_64 (linux/amd64)");
        try (DockerClient docker = world.control(device)) {
            Info info = docker.infoCmd().exec();
            assertThat(browser.text("fact-cpus")).isEqualTo(String.valueOf(info.getNCPU()));
            assertThat(browser.text("fact-os")).isEqualTo(info.getOperatingSystem());
        }
        browser.awaitOneOf("containers-empty", "container-table");
        assertThat(browser.isShown("container-row-" + CONTAINER)).isFalse();
    }

    @Test
    @Order(4)
    void theDeployFormRunsARealJarOnTheDevice() throws Exception {
        browser.click("deploy-open");
        Path jar = TestApps.helloServerJar(dir, GREETING);
        browser.chooseFile("deploy-file", jar);
        browser.awaitTextContaining("deploy-file-info", jar.getFileName().toString());
        browser.type("deploy-container-name", CONTAINER);
        assertThat(browser.value("deploy-base-image")).isEqualTo("base/java:17");
        assertThat(browser.isSelected("deploy-network-bridge")).isTrue();
        browser.type("deploy-port-host-0", String.valueOf(hostPort));
        browser.type("deploy-port-container-0", "8000");
        browser.click("deploy-submit");

        browser.awaitAttribute("deploy-status", "data-phase", "done", DEPLOY_PATIENCE);
        for (String step : new String[] { "upload", "pull", "create", "start" }) {
            assertThat(browser.attribute("deploy-step-" + step, "data-state")).as(step).isEqualTo("done");
        }
        // an image this jar already made is found in the registry, neither built nor pushed again
        for (String step : new String[] { "build", "push" }) {
            assertThat(browser.attribute("deploy-step-" + step, "data-state")).as(step).isIn("done", "skipped");
        }
        assertThat(browser.text("deploy-step-time-pull")).matches("\\d+ ms|[\\d.]+ s|\\d+ min \\d+ s");
        assertThat(browser.text("deploy-result-container")).isEqualTo(CONTAINER);
        assertThat(browser.text("deploy-result-state")).isEqualTo("running");
        image = browser.text("deploy-result-image");
        assertThat(image).startsWith(world.privateRegistry() + "/" + ALICE + "/" + CONTAINER + ":");

        InspectContainerResponse onDevice = inspect();
        assertThat(onDevice.getState().getRunning()).isTrue();
        assertThat(onDevice.getConfig().getImage()).isEqualTo(image);
        assertThat(onDevice.getConfig().getLabels()).containsEntry("iotdeploy.owner", ALICE);
        assertThat(answer()).isEqualTo(GREETING + " from amd64\n");
    }

    @Test
    @Order(5)
    void theDevicePageShowsTheContainerRunningWithItsCpuAndMemory() throws Exception {
        browser.click("deploy-result-device");

        browser.awaitText("container-state-" + CONTAINER, "running");
        assertThat(browser.text("container-image-" + CONTAINER)).isEqualTo(image);
        assertThat(browser.text("container-ports-" + CONTAINER)).isEqualTo(hostPort + "→8000");
        // the figures load after the list
        browser.awaitTextMatching("container-cpu-" + CONTAINER, PERCENT);
        browser.awaitTextMatching("container-memory-" + CONTAINER, "(?s)" + PERCENT + "\\s+[\\d.]+ (KiB|MiB|GiB)");
        browser.awaitTextMatching("fact-memory-used", "[\\d.]+ (KiB|MiB|GiB)");
        assertThat(inspect().getState().getRunning()).isTrue();
    }

    @Test
    @Order(6)
    void theLogsPageFollowsTheContainerLive() throws Exception {
        browser.click("action-logs-" + CONTAINER);
        browser.awaitText("logs-container-name", CONTAINER);
        assertThat(browser.route()).isEqualTo("/devices/" + deviceId + "/containers/" + CONTAINER + "/logs");

        // straight to Follow live, perhaps before the page's first plain load has answered
        browser.click("logs-follow");

        browser.find("logs-live");
        browser.awaitTextContaining("logs-output", STARTUP_LINE);
        assertThat(browser.isSelected("logs-follow")).isTrue();
        assertThat(browser.isShown("logs-stream-failed")).isFalse();
        // started once, printed once: on the page as on the device
        assertThat(deviceLogs()).isEqualTo(STARTUP_LINE + "\n");
        assertThat(browser.text("logs-output")).isEqualTo(STARTUP_LINE);
        assertThat(browser.text("logs-count")).isEqualTo("1 line");
    }

    @Test
    @Order(7)
    void pauseShowsPausedAndPausesItOnTheDevice() throws Exception {
        browser.click("back-to-device");
        browser.awaitText("container-state-" + CONTAINER, "running");

        containerAction("pause", "paused");

        assertThat(inspect().getState().getPaused()).isTrue();
        browser.awaitEnabled("action-unpause-" + CONTAINER, true);
        browser.awaitEnabled("action-pause-" + CONTAINER, false);
    }

    @Test
    @Order(8)
    void unpauseShowsRunningAgain() throws Exception {
        containerAction("unpause", "running");

        InspectContainerResponse.ContainerState state = inspect().getState();
        assertThat(state.getPaused()).isFalse();
        assertThat(state.getRunning()).isTrue();
    }

    @Test
    @Order(9)
    void stopShowsExitedAndStopsItOnTheDevice() throws Exception {
        containerAction("stop", "exited");

        assertThat(inspect().getState().getRunning()).isFalse();
        browser.awaitEnabled("action-start-" + CONTAINER, true);
        browser.awaitEnabled("action-stop-" + CONTAINER, false);
    }

    @Test
    @Order(10)
    void startShowsRunningAndTheApplicationAnswersAgain() throws Exception {
        containerAction("start", "running");

        assertThat(inspect().getState().getRunning()).isTrue();
        assertThat(answer()).isEqualTo(GREETING + " from amd64\n");
    }

    @Test
    @Order(11)
    void removeAsksFirstThenTakesTheContainerOffThePageAndTheDevice() throws Exception {
        browser.click("action-remove-" + CONTAINER);
        assertThat(browser.find("action-remove-confirm-" + CONTAINER).getText()).isEqualTo("Yes, remove");
        // nothing happens before the confirmation
        assertThat(inspect().getState().getRunning()).isTrue();

        browser.click("action-remove-confirm-" + CONTAINER);

        browser.awaitGone("container-row-" + CONTAINER);
        assertThatThrownBy(DashboardIntegrationTests::inspect).isInstanceOf(NotFoundException.class);
        // and it stays gone when the page asks the device again
        browser.click("containers-refresh");
        browser.awaitEnabled("containers-refresh", true);
        assertThat(browser.isShown("container-row-" + CONTAINER)).isFalse();
    }

    @Test
    void aWrongPasswordShowsTheProblemAndKeepsTheUserOnTheSignInPage() {
        signOut();
        browser.type("login-username", ALICE);
        browser.type("login-password", "not-" + alice.password());
        browser.click("login-submit");

        browser.awaitText("login-problem-title", "Wrong credentials");
        assertThat(browser.text("login-problem-detail")).isEqualTo("Wrong user name or password.");
        assertThat(browser.value("login-password")).isEmpty();
        assertThat(browser.value("login-username")).isEqualTo(ALICE);
        assertThat(browser.route()).isEqualTo("/login");
        assertThat(browser.isShown("nav-user")).isFalse();
        // and no session came of it: the gateway does not know this browser
        assertThat(browser.statusOf("api/session")).isEqualTo(401);
    }

    @Test
    void aRunCommandWithALineContinuationIsRefusedAndTheFormKeepsWhatWasTyped() throws Exception {
        String name = PREFIX + "bad_continuation";
        openDeployFormAsBob();
        Path jar = fillDeployForm(name, "echo a \\");

        browser.click("deploy-submit");

        browser.awaitAttribute("deploy-status", "data-phase", "failed", DEPLOY_PATIENCE);
        assertThat(browser.text("deploy-problem-title")).isEqualTo("Invalid run commands");
        assertThat(browser.text("deploy-problem-detail"))
            .isEqualTo("Line 1 (echo a \\) ends with a line continuation (\\); put each command on one line.");
        assertThat(browser.text("deploy-problem-device")).isEqualTo(DEVICE);
        assertFormKept(name, jar, "base/java:17");
        assertThat(browser.value("deploy-run-commands")).isEqualTo("echo a \\");
        assertNoContainer(name);
    }

    @Test
    void aBaseImageThatDoesNotExistIsReportedAndTheFormKeepsWhatWasTyped() throws Exception {
        String name = PREFIX + "bad_base";
        String missing = "base/does-not-exist:17";
        openDeployFormAsBob();
        Path jar = fillDeployForm(name, "");
        browser.select("deploy-base-image", "custom");
        browser.type("deploy-custom-image", missing);

        browser.click("deploy-submit");

        browser.awaitAttribute("deploy-status", "data-phase", "failed", DEPLOY_PATIENCE);
        String resolved = world.upstreamRegistry() + "/" + missing;
        assertThat(browser.text("deploy-problem-title")).isEqualTo("Base image not found");
        assertThat(browser.text("deploy-problem-detail"))
            .isEqualTo("The base image " + resolved + " does not exist in the registry " + world.upstreamRegistry() + ".");
        assertThat(browser.text("deploy-problem-step")).isEqualTo("build");
        assertThat(browser.text("deploy-problem-image")).isEqualTo(resolved);
        assertThat(browser.attribute("deploy-step-build", "data-state")).isEqualTo("failed");
        assertThat(browser.attribute("deploy-step-pull", "data-state")).isEqualTo("not-run");
        assertFormKept(name, jar, "custom");
        assertThat(browser.value("deploy-custom-image")).isEqualTo(missing);
        assertNoContainer(name);
    }

    /** Signs out whoever is signed in, then in as {@code user} through the sign-in page. */
    private static void signIn(String user, String password) {
        signOut();
        browser.type("login-username", user);
        browser.type("login-password", password);
        browser.click("login-submit");
        browser.awaitText("nav-user", user);
    }

    private static void signOut() {
        browser.open("/devices");
        if ("nav-logout".equals(browser.awaitOneOf("nav-logout", "login-username"))) {
            browser.click("nav-logout");
        }
        browser.find("login-username");
    }

    private static void openDeployFormAsBob() throws IOException, InterruptedException {
        // bob's device comes through the API: these tests are about the deploy form
        long bobsDevice = bob.deviceId(device.address(), device.apiPort());
        signIn(BOB, bob.password());
        browser.open("/devices/" + bobsDevice + "/deploy");
        browser.awaitTextContaining("deploy-form", "Application file");
    }

    /** File, name, a port mapping and run commands, as a user types them. */
    private static Path fillDeployForm(String containerName, String runCommands) throws IOException {
        Path jar = TestApps.helloServerJar(dir, "never deployed");
        browser.chooseFile("deploy-file", jar);
        browser.awaitTextContaining("deploy-file-info", jar.getFileName().toString());
        browser.type("deploy-container-name", containerName);
        browser.type("deploy-port-host-0", String.valueOf(hostPort + 1));
        browser.type("deploy-port-container-0", "8000");
        if (!runCommands.isEmpty()) {
            browser.type("deploy-run-commands", runCommands);
        }
        return jar;
    }

    private static void assertFormKept(String containerName, Path jar, String baseImage) {
        assertThat(browser.value("deploy-container-name")).isEqualTo(containerName);
        assertThat(browser.value("deploy-base-image")).isEqualTo(baseImage);
        assertThat(browser.isSelected("deploy-network-bridge")).isTrue();
        assertThat(browser.value("deploy-port-host-0")).isEqualTo(String.valueOf(hostPort + 1));
        assertThat(browser.value("deploy-port-container-0")).isEqualTo("8000");
        assertThat(browser.text("deploy-file-info")).startsWith(jar.getFileName().toString());
        assertThat(browser.value("deploy-file")).endsWith(jar.getFileName().toString());
        assertThat(browser.find("deploy-submit").isEnabled()).isTrue();
    }

    /** Clicks the action's button on the device page and waits for the state badge to say {@code state}. */
    private static void containerAction(String action, String state) {
        browser.click("action-" + action + "-" + CONTAINER);
        browser.awaitText("container-state-" + CONTAINER, state);
    }

    private static InspectContainerResponse inspect() throws IOException {
        return inspect(CONTAINER);
    }

    private static InspectContainerResponse inspect(String name) throws IOException {
        try (DockerClient docker = world.control(device)) {
            return docker.inspectContainerCmd(name).exec();
        }
    }

    private static void assertNoContainer(String name) {
        assertThatThrownBy(() -> inspect(name)).as("container " + name + " on " + DEVICE)
            .isInstanceOf(NotFoundException.class);
    }

    /** What the container printed, read from the device's engine. */
    private static String deviceLogs() throws IOException, InterruptedException {
        StringBuilder output = new StringBuilder();
        try (DockerClient docker = world.control(device)) {
            docker.logContainerCmd(CONTAINER).withStdOut(true).withStdErr(true).withTailAll()
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                })
                .awaitCompletion(10, TimeUnit.SECONDS);
        }
        return output.toString();
    }

    /** What the deployed application answers on the device's address and the mapped port. */
    private static String answer() throws InterruptedException {
        return TestApps.awaitAnswer(URI.create("http://" + device.address() + ":" + hostPort + "/"), Duration.ofSeconds(60));
    }

}
