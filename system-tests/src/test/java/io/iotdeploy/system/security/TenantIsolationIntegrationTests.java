package io.iotdeploy.system.security;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user cannot see or touch anything of another's, by any endpoint of the gateway: Olivia deploys an app to a
 * device; Ivan tries every route at her device by its id, and then at the same physical device through his own
 * registration of it (a device may be registered by several users), and anonymously. Each attempt is a hostile
 * input ({@link HostileInputs}); afterwards Olivia's device, container and image are checked on the device itself.
 */
class TenantIsolationIntegrationTests {

    private static final String APP = "tenant_app";

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestWorld.Device device;

    static TestGateway olivia;

    static TestGateway ivan;

    static long oliviasDevice;

    static long ivansDevice;

    static String oliviasImage;

    static String oliviasImageId;

    @BeforeAll
    static void oliviaDeploysAnApp() throws Exception {
        world = TestWorld.load();
        device = world.device(1);
        TestGateway admin = TestGateway.asAdmin();
        olivia = admin.user("olivia");
        ivan = admin.user("ivan");
        oliviasDevice = olivia.deviceId(device.address(), device.apiPort());
        ivansDevice = ivan.deviceId(device.address(), device.apiPort());
        removeApp();
        TestGateway.Response deployed = olivia.upload("/upload", TestGateway.form("ip", device.address(),
                "networkConfig", "bridge", "containerName", APP, "imageName", "base/java:17", "file",
                TestApps.helloServerJar(dir, "olivia's app")));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
        oliviasImage = deployed.json().get("image").asString();
        try (DockerClient docker = world.control(device)) {
            oliviasImageId = docker.inspectImageCmd(oliviasImage).exec().getId();
        }
    }

    @AfterAll
    static void removeApp() {
        try (DockerClient docker = world.control(device)) {
            docker.removeContainerCmd(APP).withForce(true).exec();
        }
        catch (Exception ex) {
            // not there
        }
    }

    @Test
    void everyRouteAtAnotherUsersDeviceIsNotFound() throws Exception {
        for (Attempt attempt : routesAt(oliviasDevice)) {
            HostileInputs.refused(getClass(), "ivan: " + attempt.label() + " at olivia's device",
                    ivan.send(attempt.request(ivan)), 404);
        }
        HostileInputs.refused(getClass(), "ivan: deploy to olivia's device",
                ivan.upload("/api/devices/" + oliviasDevice + "/deployments", TestGateway.form("networkConfig",
                        "bridge", "containerName", "ivan_app", "imageName", "base/java:17", "file",
                        TestApps.helloServerJar(dir, "ivan's app"))), 404);
        assertOliviasAppIsUntouched();
    }

    @Test
    void throughHisOwnRegistrationOfTheSameDeviceHerContainerAndImageStayOutOfReach() throws Exception {
        String containers = "/api/devices/" + ivansDevice + "/containers";
        TestGateway.Response list = ivan.get(containers);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(APP);
        HostileInputs.record(getClass(), "ivan: list containers of the shared device", "olivia's not listed");
        TestGateway.Response images = ivan.get("/api/devices/" + ivansDevice + "/images");
        assertThat(images.status()).as(images.toString()).isEqualTo(200);
        assertThat(images.body()).doesNotContain(oliviasImageId).doesNotContain("/olivia/");
        HostileInputs.record(getClass(), "ivan: list images of the shared device", "olivia's not listed");

        for (Attempt attempt : containerRoutes(ivansDevice)) {
            HostileInputs.refused(getClass(), "ivan: " + attempt.label() + " of olivia's container on his device",
                    ivan.send(attempt.request(ivan)), 404);
        }
        HostileInputs.refused(getClass(), "ivan: remove olivia's image from his device",
                ivan.delete("/api/devices/" + ivansDevice + "/images/" + oliviasImageId), 404);
        HostileInputs.refused(getClass(), "ivan: deploy over olivia's container (replace=true)",
                ivan.upload("/upload", TestGateway.form("ip", device.address(), "networkConfig", "bridge",
                        "containerName", APP, "imageName", "base/java:17", "replace", "true", "file",
                        TestApps.helloServerJar(dir, "ivan's impostor"))), 409);
        HostileInputs.refused(getClass(), "ivan: olivia's image as the base of his own",
                ivan.upload("/upload", TestGateway.form("ip", device.address(), "networkConfig", "bridge",
                        "containerName", "ivan_copy", "imageName", oliviasImage, "file",
                        TestApps.helloServerJar(dir, "ivan's copy"))), 404);
        assertOliviasAppIsUntouched();
    }

    @Test
    void withoutCredentialsNothingAnswers() throws Exception {
        TestGateway anonymous = olivia.anonymous();
        List<Attempt> attempts = new ArrayList<>(routesAt(oliviasDevice));
        attempts.add(new Attempt("list devices", (gateway) -> gateway.request("/api/devices").GET().build()));
        attempts.add(new Attempt("upload", (gateway) -> gateway.request("/upload")
            .POST(HttpRequest.BodyPublishers.noBody()).build()));
        attempts.add(new Attempt("deploy", (gateway) -> gateway.request("/api/devices/" + oliviasDevice + "/deployments")
            .POST(HttpRequest.BodyPublishers.noBody()).build()));
        attempts.add(new Attempt("list API tokens", (gateway) -> gateway.request("/api/tokens").GET().build()));
        for (Attempt attempt : attempts) {
            HostileInputs.refused(getClass(), "anonymous: " + attempt.label(), anonymous.send(attempt.request(anonymous)),
                    401);
        }
        assertOliviasAppIsUntouched();
    }

    @Test
    void usersAreTheAdministratorsBusiness() throws Exception {
        HostileInputs.refused(getClass(), "ivan: list users", ivan.get("/api/users"), 403);
        HostileInputs.refused(getClass(), "ivan: create an administrator",
                ivan.post("/api/users", Map.of("username", "ivan2", "password", "a-long-enough-password", "admin", true)),
                403);
    }

    private static void assertOliviasAppIsUntouched() throws Exception {
        TestGateway.Response mine = olivia.get("/api/devices/" + oliviasDevice);
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        TestGateway.Response containers = olivia.get("/api/devices/" + oliviasDevice + "/containers");
        assertThat(containers.body()).contains(APP);
        try (DockerClient docker = world.control(device)) {
            InspectContainerResponse app = docker.inspectContainerCmd(APP).exec();
            assertThat(app.getState().getRunning()).isTrue();
            assertThat(app.getState().getPaused()).isFalse();
            assertThat(app.getConfig().getLabels()).containsEntry("iotdeploy.owner", "olivia");
            assertThat(docker.inspectImageCmd(oliviasImageId).exec().getRepoTags()).contains(oliviasImage);
        }
        JsonNode images = olivia.get("/api/devices/" + oliviasDevice + "/images").json();
        assertThat(images.toString()).contains(oliviasImageId);
    }

    /** Every route that reaches into one device of a user. */
    private static List<Attempt> routesAt(long deviceId) {
        String base = "/api/devices/" + deviceId;
        List<Attempt> attempts = new ArrayList<>();
        attempts.add(new Attempt("GET device", (gateway) -> gateway.request(base).GET().build()));
        attempts.add(new Attempt("ping device", (gateway) -> post(gateway, base + "/ping")));
        attempts.add(new Attempt("list containers", (gateway) -> gateway.request(base + "/containers").GET().build()));
        attempts.add(new Attempt("list images", (gateway) -> gateway.request(base + "/images").GET().build()));
        attempts.add(new Attempt("remove image", (gateway) -> gateway.request(base + "/images/" + oliviasImageId)
            .DELETE().build()));
        attempts.add(new Attempt("device stats", (gateway) -> gateway.request(base + "/stats").GET().build()));
        attempts.add(new Attempt("TLS bundle", (gateway) -> gateway.request(base + "/tls-bundle").GET().build()));
        attempts.add(new Attempt("mark device insecure", (gateway) -> gateway.request(base)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"insecure\": true}")).build()));
        attempts.addAll(containerRoutes(deviceId));
        attempts.add(new Attempt("remove device", (gateway) -> gateway.request(base).DELETE().build()));
        return attempts;
    }

    /** Every route at Olivia's container on the device {@code deviceId}. */
    private static List<Attempt> containerRoutes(long deviceId) {
        String container = "/api/devices/" + deviceId + "/containers/" + APP;
        List<Attempt> attempts = new ArrayList<>();
        for (String action : new String[] { "stop", "pause", "restart", "start", "unpause" }) {
            attempts.add(new Attempt(action + " container", (gateway) -> post(gateway, container + "/" + action)));
        }
        attempts.add(new Attempt("container logs", (gateway) -> gateway.request(container + "/logs?tail=10").GET().build()));
        // as a browser's EventSource asks for it
        attempts.add(new Attempt("container log stream", (gateway) -> gateway.request(container + "/logs/stream")
            .setHeader("Accept", "text/event-stream, application/problem+json")
            .timeout(Duration.ofSeconds(20)).GET().build()));
        attempts.add(new Attempt("container stats", (gateway) -> gateway.request(container + "/stats").GET().build()));
        attempts.add(new Attempt("remove container", (gateway) -> gateway.request(container).DELETE().build()));
        return attempts;
    }

    private static HttpRequest post(TestGateway gateway, String path) {
        return gateway.request(path).POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    private record Attempt(String label, java.util.function.Function<TestGateway, HttpRequest> request) {

        HttpRequest request(TestGateway gateway) {
            return this.request.apply(gateway);
        }

    }

}
