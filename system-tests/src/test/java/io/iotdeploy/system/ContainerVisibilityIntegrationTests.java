package io.iotdeploy.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import io.iotdeploy.device.TestContainers;
import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rule decides who sees a container, and every endpoint that shows one follows it. On one device, four real
 * containers: Vera's (made by the platform for her), another owner's, one with the platform's labels but no owner,
 * and one made by hand. Vera and the administrator each ask, through their own registration of the device, the
 * container list (deployment-service), the device's stats (audit-service), a container's stats (audit-service)
 * and its log (logging-service): the four answers agree, and they are the rule's.
 */
class ContainerVisibilityIntegrationTests {

    private static final String VERAS = "vis_vera";

    private static final String OTHERS = "vis_other";

    private static final String OWNERLESS = "vis_ownerless";

    private static final String BY_HAND = "vis_by_hand";

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestContainers containers;

    static TestGateway vera;

    static TestGateway admin;

    static long verasDevice;

    static long adminsDevice;

    @BeforeAll
    static void fourContainersOnOneDevice() throws Exception {
        world = TestWorld.load();
        TestWorld.Device device = world.device(1);
        admin = TestGateway.asAdmin();
        vera = admin.user("vera");
        verasDevice = vera.deviceId(device.address(), device.apiPort());
        adminsDevice = admin.deviceId(device.address(), device.apiPort());
        remove(VERAS, OTHERS, OWNERLESS, BY_HAND);
        containers = new TestContainers(world, device);
        String image = containers.helloImage(dir, "vera/visibility", "visibility");
        String[] sleeper = { "sh", "-c", "echo still here; exec sleep 600" };
        containers.run(image, VERAS, "vera", sleeper);
        containers.run(image, OTHERS, "olga", sleeper);
        DockerClient docker = containers.docker();
        for (Map.Entry<String, Map<String, String>> made : Map.of(OWNERLESS, Map.of("iotdeploy.managed", "true"),
                BY_HAND, Map.of("maintainer", "someone on site")).entrySet()) {
            String id = docker.createContainerCmd(image).withName(made.getKey()).withLabels(made.getValue())
                .withEntrypoint(sleeper).exec().getId();
            docker.startContainerCmd(id).exec();
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        // the two made here first: the image goes with TestContainers' own, and they use it
        remove(OWNERLESS, BY_HAND);
        if (containers != null) {
            containers.close();
        }
    }

    /** Leftovers of an earlier run, or the containers made here. */
    private static void remove(String... names) {
        try (DockerClient docker = world.control(world.device(1))) {
            for (String name : names) {
                try {
                    docker.removeContainerCmd(name).withForce(true).exec();
                }
                catch (RuntimeException notThere) {
                    // removed already, or never made
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void aUserSeesTheirOwnAndTheHandMadeOnes() throws Exception {
        assertThat(visibility(vera, verasDevice)).isEqualTo(Map.of(VERAS, true, OTHERS, false, OWNERLESS, false,
                BY_HAND, true));
    }

    @Test
    void anAdministratorSeesTheOwnerlessAndTheHandMadeOnesButNoUsers() throws Exception {
        assertThat(visibility(admin, adminsDevice)).isEqualTo(Map.of(VERAS, false, OTHERS, false, OWNERLESS, true,
                BY_HAND, true));
    }

    /** Whether each container is visible to the caller, after checking that every endpoint says the same. */
    private static Map<String, Boolean> visibility(TestGateway caller, long deviceId) throws Exception {
        String device = "/api/devices/" + deviceId;
        List<String> listed = names(caller.get(device + "/containers"), null);
        List<String> inStats = names(caller.get(device + "/stats"), "containers");
        Map<String, Boolean> visible = new LinkedHashMap<>();
        for (String name : List.of(VERAS, OTHERS, OWNERLESS, BY_HAND)) {
            TestGateway.Response stats = caller.get(device + "/containers/" + name + "/stats");
            TestGateway.Response logs = caller.get(device + "/containers/" + name + "/logs?tail=5");
            assertThat(List.of(stats.status(), logs.status())).as("%s: stats %s, logs %s", name, stats, logs)
                .allMatch((status) -> status == 200 || status == 404);
            boolean seen = listed.contains(name);
            assertThat(List.of(inStats.contains(name), stats.status() == 200, logs.status() == 200))
                .as("%s: listed %s, in the device's stats %s, stats %s, logs %s", name, seen, inStats, stats, logs)
                .containsOnly(seen);
            if (!seen) {
                assertThat(stats.isProblem() && logs.isProblem()).as("unknown containers are problem details").isTrue();
                assertThat(stats.body() + logs.body()).doesNotContain("olga").doesNotContain("\"vera\"");
            }
            visible.put(name, seen);
        }
        return visible;
    }

    private static List<String> names(TestGateway.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode list = (field != null) ? response.json().get(field) : response.json();
        List<String> names = new ArrayList<>();
        for (JsonNode container : list) {
            names.add(container.get("name").asString());
        }
        return names;
    }

}
