package io.iotdeploy.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.iotdeploy.device.TestContainers;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceDirectory;
import io.iotdeploy.device.DeviceNotFoundException;
import io.iotdeploy.device.EngineTls;
import io.iotdeploy.device.TestWorld;
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
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * CPU and memory of real containers on the test world's device dev1, and dev1's facts, through this
 * service's HTTP API: the hello server the platform would deploy, a paused and a stopped container, and a
 * container of another user.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class StatsIntegrationTests {

    private static final long DEV1 = 1;

    private static final long GHOST = 9;

    private static final Device GHOST_DEVICE = new Device(GHOST, "ghost", "10.77.0.250", 2376,
            "tcp://10.77.0.250:2376", "offline", "x86_64", "linux/amd64", false);

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private static TestContainers containers;

    private static String hello;

    private static String paused;

    private static String stopped;

    private static String bobs;

    private static String pausedId;

    @Autowired
    private RestTestClient client;

    @Autowired
    private InternalTokens tokens;

    @BeforeAll
    static void startContainers(@TempDir Path dir) throws Exception {
        TestWorld world = TestWorld.load();
        containers = new TestContainers(world, world.device(0));
        String greeting = "stats-it-" + UUID.randomUUID();
        String image = containers.helloImage(dir, "audit-it/hello", greeting);
        String suffix = Long.toString(System.currentTimeMillis());
        hello = "stats-it-hello-" + suffix;
        paused = "stats-it-paused-" + suffix;
        stopped = "stats-it-stopped-" + suffix;
        bobs = "stats-it-bob-" + suffix;
        containers.run(image, hello, "alice");
        pausedId = containers.run(image, paused, "alice", "sleep", "600");
        containers.docker().pauseContainerCmd(pausedId).exec();
        String stoppedId = containers.run(image, stopped, "alice", "sleep", "600");
        containers.docker().stopContainerCmd(stoppedId).withTimeout(1).exec();
        containers.run(image, bobs, "bob", "sleep", "600");
        containers.awaitOutput(hello, "hello-server listening on port 8000 (" + greeting + ")", Duration.ofSeconds(60));
    }

    @AfterAll
    static void removeContainers() throws IOException {
        if (containers != null) {
            if (pausedId != null) {
                containers.docker().unpauseContainerCmd(pausedId).exec();
            }
            containers.close();
        }
    }

    @Test
    void aRunningContainerUsesMemory() {
        Map<String, Object> stats = get("/devices/{id}/containers/{name}/stats", DEV1, hello);
        assertThat(number(stats, "memoryUsage")).isPositive();
        assertThat(number(stats, "memoryLimit")).isGreaterThanOrEqualTo(number(stats, "memoryUsage"));
        assertThat(number(stats, "memoryPercent")).isPositive().isLessThanOrEqualTo(100);
        assertThat(number(stats, "cpuPercent")).isNotNegative();
    }

    @Test
    void pausedAndStoppedContainersUseNothing() {
        for (String container : List.of(paused, stopped)) {
            Map<String, Object> stats = get("/devices/{id}/containers/{name}/stats", DEV1, container);
            assertThat(stats).containsOnlyKeys("cpuPercent", "memoryPercent", "memoryUsage", "memoryLimit");
            assertThat(stats.values()).allSatisfy((value) -> assertThat(((Number) value).doubleValue()).isZero());
        }
    }

    @Test
    void deviceStatsSumTheCallersContainersAndTellTheFacts() {
        Map<String, Object> device = get("/devices/{id}/stats", DEV1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) device.get("containers");
        assertThat(listed).extracting((container) -> container.get("name")).contains(hello, paused)
            .doesNotContain(bobs, stopped);
        Map<String, Object> helloStats = listed.stream().filter((c) -> hello.equals(c.get("name"))).findFirst().orElseThrow();
        Map<String, Object> pausedStats = listed.stream().filter((c) -> paused.equals(c.get("name"))).findFirst().orElseThrow();
        assertThat(helloStats).containsEntry("state", "running");
        assertThat(number(helloStats, "memoryUsage")).isPositive();
        assertThat(pausedStats).containsEntry("state", "paused");
        assertThat(number(pausedStats, "memoryUsage")).isZero();

        assertThat(number(device, "memoryUsage")).isGreaterThanOrEqualTo(number(helloStats, "memoryUsage"));
        assertThat(number(device, "memoryPercent")).isGreaterThanOrEqualTo(number(helloStats, "memoryPercent"));
        assertThat(number(device, "cpuPercent")).isGreaterThanOrEqualTo(number(helloStats, "cpuPercent"));
        for (String total : List.of("cpuPercent", "memoryPercent", "memoryUsage")) {
            double sum = listed.stream().mapToDouble((c) -> number(c, total)).sum();
            assertThat(number(device, total)).as(total).isCloseTo(sum, within(1e-6 * Math.max(1, sum)));
        }

        assertThat(device).containsEntry("device", "dev1").containsEntry("architecture", "x86_64");
        assertThat(number(device, "cpus")).isGreaterThanOrEqualTo(1);
        assertThat(number(device, "memoryTotal")).isPositive();
        assertThat((String) device.get("os")).contains("Debian");
        assertThat((String) device.get("kernel")).isNotBlank();
        assertThat((String) device.get("dockerVersion")).isNotBlank();
        // every container on the device counts here, the other user's too
        assertThat(number(device, "containersRunning")).isGreaterThanOrEqualTo(2);
        assertThat(number(device, "containersPaused")).isGreaterThanOrEqualTo(1);
        assertThat(number(device, "containersStopped")).isGreaterThanOrEqualTo(1);
        assertThat(number(device, "images")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anUnknownContainerIsNotFound() {
        String name = "no-such-container-" + UUID.randomUUID();
        Map<String, Object> problem = problem("/devices/{id}/containers/{name}/stats", 404, DEV1, name);
        assertThat(problem).containsEntry("title", "Unknown container").containsEntry("device", "dev1")
            .containsEntry("container", name);
        assertThat((String) problem.get("detail")).contains(name).contains("dev1");
    }

    @Test
    void anotherUsersContainerIsNotFound() {
        Map<String, Object> problem = problem("/devices/{id}/containers/{name}/stats", 404, DEV1, bobs);
        assertThat(problem).containsEntry("container", bobs);
    }

    @Test
    void anUnknownDeviceIsNotFound() {
        Map<String, Object> problem = problem("/devices/{id}/stats", 404, 42);
        assertThat(problem).containsEntry("title", "Unknown device");
    }

    @Test
    void anUnreachableDeviceIsABadGatewayNamingTheDevice() {
        for (String path : List.of("/devices/{id}/stats", "/devices/{id}/containers/" + hello + "/stats")) {
            Map<String, Object> problem = this.client.get()
                .uri(path, GHOST)
                .header(HttpHeaders.AUTHORIZATION, bearer("alice"))
                .exchange()
                .expectStatus().value((status) -> assertThat(status).isIn(502, 504))
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON).returnResult().getResponseBody();
            assertThat(problem).containsEntry("device", "ghost").containsEntry("address", "10.77.0.250");
            assertThat((String) problem.get("detail")).contains("ghost");
        }
    }

    @Test
    void withoutATokenNothingIsAnswered() {
        this.client.get().uri("/devices/{id}/stats", DEV1).exchange().expectStatus().isUnauthorized();
    }

    private Map<String, Object> get(String path, Object... variables) {
        return this.client.get()
            .uri(path, variables)
            .header(HttpHeaders.AUTHORIZATION, bearer("alice"))
            .exchange()
            .expectStatus().isOk()
            .expectBody(JSON).returnResult().getResponseBody();
    }

    private Map<String, Object> problem(String path, int status, Object... variables) {
        return this.client.get()
            .uri(path, variables)
            .header(HttpHeaders.AUTHORIZATION, bearer("alice"))
            .exchange()
            .expectStatus().isEqualTo(status)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(JSON).returnResult().getResponseBody();
    }

    private static double number(Map<String, Object> json, String field) {
        assertThat(json).containsKey(field);
        return ((Number) json.get(field)).doubleValue();
    }

    private String bearer(String user) {
        return "Bearer " + this.tokens.issue(user, false);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class WorldDevices {

        /** Device 1 is the test world's dev1; device 9 an address where no device answers. */
        @Bean
        DeviceDirectory deviceDirectory() {
            TestWorld.Device dev1 = TestWorld.load().device(0);
            Device device = new Device(DEV1, dev1.name(), dev1.address(), dev1.apiPort(), dev1.dockerHost(), "online",
                    "x86_64", "linux/amd64", !dev1.tls());
            return new DeviceDirectory(RestClient.create()) {
                @Override
                public Device find(long deviceId) {
                    if (deviceId == DEV1) {
                        return device;
                    }
                    if (deviceId == GHOST) {
                        return GHOST_DEVICE;
                    }
                    throw new DeviceNotFoundException(deviceId);
                }
            };
        }

        /** The services show the world's devices the client certificate the launcher made (pki/client). */
        @Bean
        EngineTls engineTls() {
            return TestWorld.load().engineTls();
        }

    }

}
