package io.iotdeploy.machine.device;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.iotdeploy.device.DeviceDirectory;
import io.iotdeploy.device.DeviceNotFoundException;
import io.iotdeploy.device.EngineConnection;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Devices registered and pinged against the real device engines of the test world: with TLS and the platform's own
 * client certificate (the world's PKI, not the tests' own CA), as the launcher runs them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class DeviceIntegrationTests {

    /** On the devices' bridge, where no device is: the engine there never answers. */
    private static final String NOBODY = "10.77.0.250";

    private static TestWorld world;

    private final RestTestClient client;

    private final InternalTokens tokens;

    private final int port;

    @Autowired
    DeviceIntegrationTests(RestTestClient client, InternalTokens tokens, @LocalServerPort int port) {
        this.client = client;
        this.tokens = tokens;
        this.port = port;
    }

    @BeforeAll
    static void loadWorld() {
        world = TestWorld.load();
    }

    @DynamicPropertySource
    static void worldPki(DynamicPropertyRegistry registry) {
        TestWorld pkiWorld = TestWorld.load();
        registry.add("iotdeploy.machine.pki.directory", () -> pkiWorld.pkiDir().toString());
        registry.add("iotdeploy.devices.tls.client-dir", () -> pkiWorld.pkiDir().resolve("client").toString());
    }

    @Test
    void aRealDeviceIsOnlineWithItsFacts() {
        String alice = user();
        TestWorld.Device dev1 = world.device(0);

        // only the address: the default port, 2376, and TLS
        Device device = register(alice, dev1.tls() && dev1.apiPort() == 2376 ? Map.of("address", dev1.address())
                : registration(dev1));

        assertThat(device.state()).isEqualTo("online");
        assertThat(device.name()).as("named as its engine calls itself").isEqualTo(dev1.name());
        assertThat(device.port()).isEqualTo(dev1.apiPort());
        assertThat(device.insecure()).isEqualTo(!dev1.tls());
        assertThat(device.dockerHost()).isEqualTo(dev1.dockerHost());
        assertThat(device.architecture()).isEqualTo("x86_64");
        assertThat(device.platform()).isEqualTo("linux/amd64");
        assertThat(device.os()).isNotBlank();
        assertThat(device.kernel()).isNotBlank();
        assertThat(device.dockerVersion()).isNotBlank();
        assertThat(device.cpus()).isPositive();
        assertThat(device.memoryBytes()).isPositive();
        assertThat(device.containers()).isNotNegative();
        assertThat(device.images()).isNotNegative();
        assertThat(device.lastSeen()).isNotNull().isAfter(Instant.now().minus(Duration.ofMinutes(1)));

        Device pinged = this.client.post().uri("/devices/{id}/ping", device.id()).header("Authorization", bearer(alice))
            .exchange()
            .expectStatus().isOk()
            .expectBody(Device.class).returnResult().getResponseBody();
        assertThat(pinged.state()).isEqualTo("online");
        assertThat(pinged.lastSeen()).isAfterOrEqualTo(device.lastSeen());
        assertThat(pinged.architecture()).isEqualTo("x86_64");
    }

    @Test
    void anAddressWhereNoEngineAnswersIsRegisteredOfflineWithinTheConnectTimeout() {
        long started = System.nanoTime();
        Device device = register(user(), Map.of("name", "nobody", "address", NOBODY, "port", 2375));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(device.state()).isEqualTo("offline");
        assertThat(device.name()).isEqualTo("nobody");
        assertThat(device.lastSeen()).isNull();
        assertThat(device.architecture()).isNull();
        // bounded by the control connection's connect timeout, not the operating system's minutes
        assertThat(took).isLessThan(EngineConnection.DEFAULT_CONNECT_TIMEOUT.plusSeconds(10));
    }

    @Test
    void refreshPingsAllOfTheCallersDevices() {
        String alice = user();
        Device dev1 = register(alice, registration(world.device(0)));
        Device dev2 = register(alice, registration(world.device(1)));
        Device nobody = register(alice, Map.of("address", NOBODY));

        List<Device> refreshed = this.client.get().uri("/devices?refresh=true").header("Authorization", bearer(alice))
            .exchange()
            .expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<Device>>() { })
            .returnResult().getResponseBody();

        assertThat(refreshed).extracting(Device::id, Device::name, Device::state).containsExactly(
                tuple(dev1.id(), world.device(0).name(), "online"), tuple(dev2.id(), world.device(1).name(), "online"),
                tuple(nobody.id(), NOBODY, "offline"));
        assertThat(refreshed.get(0).lastSeen()).isAfterOrEqualTo(dev1.lastSeen());
    }

    @Test
    void anotherUserCanNeitherSeeNorDeleteADevice() {
        String alice = user();
        String bob = user();
        Device device = register(alice, registration(world.device(0)));

        this.client.get().uri("/devices?address={address}", device.address()).header("Authorization", bearer(bob))
            .exchange()
            .expectStatus().isOk()
            .expectBody().json("[]");
        this.client.get().uri("/devices/{id}", device.id()).header("Authorization", bearer(bob))
            .exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        this.client.delete().uri("/devices/{id}", device.id()).header("Authorization", bearer(bob))
            .exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        this.client.get().uri("/devices/{id}", device.id()).header("Authorization", bearer(alice))
            .exchange()
            .expectStatus().isOk();
    }

    @Test
    void theSameDeviceTwiceIsAConflict() {
        String alice = user();
        TestWorld.Device dev1 = world.device(0);
        register(alice, registration(dev1));

        post(alice, Map.of("name", "again", "address", dev1.address(), "port", dev1.apiPort()))
            .expectStatus().isEqualTo(409)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.device").isEqualTo(dev1.name())
            .jsonPath("$.address").isEqualTo(dev1.address());
    }

    @Test
    void invalidInputIsA400ProblemNamingTheField() {
        post(user(), Map.of("address", "10.77.0.300"))
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.field").isEqualTo("address");
    }

    /** The other services read a device through device-client's DeviceDirectory: the JSON must fit it. */
    @Test
    void deviceClientReadsTheDevice() {
        String alice = user();
        TestWorld.Device dev1 = world.device(0);
        Device device = register(alice, registration(dev1));

        io.iotdeploy.device.Device read = directory(alice).find(device.id());

        assertThat(read).isEqualTo(new io.iotdeploy.device.Device(device.id(), dev1.name(), dev1.address(),
                dev1.apiPort(), dev1.dockerHost(), "online", "x86_64", "linux/amd64", !dev1.tls(), alice));
        assertThatThrownBy(() -> directory(user()).find(device.id())).isInstanceOf(DeviceNotFoundException.class);
    }

    /** A world device as its owner registers it: TLS unless the world runs it on plain TCP. */
    private static Map<String, Object> registration(TestWorld.Device device) {
        return Map.of("address", device.address(), "port", device.apiPort(), "insecure", !device.tls());
    }

    private DeviceDirectory directory(String user) {
        return new DeviceDirectory(RestClient.builder()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultHeader(HttpHeaders.AUTHORIZATION, bearer(user))
            .build());
    }

    private Device register(String user, Map<String, Object> body) {
        return post(user, body)
            .expectStatus().isCreated()
            .expectBody(Device.class)
            .returnResult()
            .getResponseBody();
    }

    private RestTestClient.ResponseSpec post(String user, Map<String, Object> body) {
        return this.client.post().uri("/devices")
            .header("Authorization", bearer(user))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange();
    }

    private String bearer(String user) {
        return "Bearer " + this.tokens.issue(user, false);
    }

    private static String user() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

}
