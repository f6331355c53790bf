package io.iotdeploy.machine.device;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The device API on the real service with an in-memory database. Devices here are loopback ports where no
 * engine listens (offline) or where a plain HTTP server answers (not an engine): loopback is allowed here as an
 * administrator would allow a network ({@link DeviceAddressRefusalTests} has the rules as they are without). Online
 * devices are in {@link DeviceTlsTests} (in-JVM engines with TLS) and {@link DeviceIntegrationTests}, against the
 * real device engines.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "iotdeploy.devices.address-rules.allowed-networks=127.0.0.0/8,::1/128")
@AutoConfigureRestTestClient
class DeviceControllerTests {

    static {
        TestPlatformPki.get();
    }

    private final RestTestClient client;

    private final InternalTokens tokens;

    @Autowired
    DeviceControllerTests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    @Test
    void aDeviceWhoseEngineIsDownIsRegisteredOffline() throws IOException {
        String alice = user();
        int port = closedPort();

        Device device = register(alice, Map.of("address", "127.0.0.1", "port", port));

        assertThat(device.state()).isEqualTo("offline");
        assertThat(device.name()).as("no name given, no engine to ask: the address").isEqualTo("127.0.0.1");
        assertThat(device.address()).isEqualTo("127.0.0.1");
        assertThat(device.port()).isEqualTo(port);
        assertThat(device.dockerHost()).isEqualTo("tcp://127.0.0.1:" + port);
        assertThat(device.insecure()).as("TLS unless marked insecure").isFalse();
        assertThat(device.tlsCertificate()).isNull();
        assertThat(device.lastSeen()).isNull();
        assertThat(device.architecture()).isNull();
        assertThat(device.platform()).isNull();
        assertThat(device.createdAt()).isNotNull();
        assertThat(get(alice, device.id())).isEqualTo(device);
    }

    @Test
    void theNameGivenIsKeptAndTheAddressIsStoredInOneSpelling() throws IOException {
        String alice = user();
        Device device = register(alice, Map.of("name", "pi-3.kitchen", "address", " LocalHost ", "port", closedPort()));

        assertThat(device.name()).isEqualTo("pi-3.kitchen");
        assertThat(device.address()).isEqualTo("localhost");

        Device unnamed = register(alice, Map.of("name", "", "address", "127.0.0.1", "port", closedPort()));
        assertThat(unnamed.name()).as("an empty name is no name").isEqualTo("127.0.0.1");
    }

    @Test
    void somethingThatAnswersButIsNoDockerEngineIsUnknown() throws IOException {
        HttpServer notAnEngine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notAnEngine.createContext("/", (exchange) -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        notAnEngine.start();
        try {
            int port = notAnEngine.getAddress().getPort();
            Device device = register(user(), Map.of("address", "127.0.0.1", "port", port, "insecure", true));
            assertThat(device.state()).isEqualTo("unknown");

            Device tls = register(user(), Map.of("address", "127.0.0.1", "port", port));
            assertThat(tls.state()).as("no TLS handshake: not reached").isEqualTo("offline");
        }
        finally {
            notAnEngine.stop(0);
        }
    }

    @Test
    void aDeviceIsReachedWithTlsOn2376UnlessItsOwnerMarksItInsecure() {
        String alice = user();

        Device tls = register(alice, Map.of("address", "127.0.0.1"));
        assertThat(tls.port()).isEqualTo(2376);
        assertThat(tls.insecure()).isFalse();
        Device insecure = register(alice, Map.of("address", "127.0.0.1", "insecure", true));
        assertThat(insecure.port()).isEqualTo(2375);
        assertThat(insecure.insecure()).isTrue();

        this.client.get().uri("/devices/{id}", insecure.id()).header("Authorization", bearer(alice))
            .exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.insecure").isEqualTo(true).jsonPath("$.tlsCertificate").isEmpty();
    }

    @Test
    void patchSwitchesADeviceBetweenTlsAndPlainTcp() throws IOException {
        String alice = user();
        Device device = register(alice, Map.of("name", "pi", "address", "127.0.0.1", "insecure", true));
        assertThat(device.port()).isEqualTo(2375);

        Device tls = patch(alice, device.id(), Map.of("insecure", false)).expectStatus().isOk()
            .expectBody(Device.class).returnResult().getResponseBody();
        assertThat(tls.insecure()).isFalse();
        assertThat(tls.port()).as("from Docker's plain port to its TLS port").isEqualTo(2376);
        assertThat(tls.name()).isEqualTo("pi");

        int port = closedPort();
        Device renamed = patch(alice, device.id(), Map.of("name", "pi-kitchen", "port", port)).expectStatus().isOk()
            .expectBody(Device.class).returnResult().getResponseBody();
        assertThat(renamed.name()).isEqualTo("pi-kitchen");
        assertThat(renamed.port()).isEqualTo(port);
        assertThat(renamed.state()).isEqualTo("offline");

        Device insecureAgain = patch(alice, device.id(), Map.of("insecure", true)).expectStatus().isOk()
            .expectBody(Device.class).returnResult().getResponseBody();
        assertThat(insecureAgain.port()).as("not a default port: kept").isEqualTo(port);
        assertThat(get(alice, device.id())).isEqualTo(insecureAgain);
    }

    @Test
    void patchRefusesAnotherUsersDeviceAPlatformPortAndATakenPort() throws IOException {
        String alice = user();
        Device first = register(alice, Map.of("address", "127.0.0.1", "port", closedPort()));
        Device second = register(alice, Map.of("address", "127.0.0.1", "port", closedPort()));

        patch(user(), first.id(), Map.of("insecure", true))
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        patch(alice, first.id(), Map.of("port", 8082))
            .expectStatus().isEqualTo(422)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Device address refused")
            .jsonPath("$.rule").isEqualTo("platform-service");
        patch(alice, first.id(), Map.of("port", second.port()))
            .expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.id").isEqualTo(second.id());
        patch(alice, first.id(), Map.of("port", 0))
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.field").isEqualTo("port");
        assertThat(get(alice, first.id())).isEqualTo(first);
    }

    @Test
    void thePlatformsOwnPortsStayRefusedInAnAllowedNetwork() {
        post(user(), Map.of("address", "127.0.0.1", "port", 8082, "insecure", true))
            .expectStatus().isEqualTo(422)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Device address refused")
            .jsonPath("$.field").isEqualTo("address")
            .jsonPath("$.rule").isEqualTo("platform-service")
            .jsonPath("$.refusedAddress").isEqualTo("127.0.0.1")
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail)
                .startsWith("127.0.0.1 port 8082 is one of the platform's own service ports"));
    }

    @Test
    void theSameAddressAndPortTwiceIsAConflictForTheSameUserOnly() throws IOException {
        String alice = user();
        int port = closedPort();
        Device first = register(alice, Map.of("name", "first", "address", "127.0.0.1", "port", port));

        post(alice, Map.of("name", "second", "address", "127.0.0.1", "port", port))
            .expectStatus().isEqualTo(409)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Device already registered")
            .jsonPath("$.device").isEqualTo("first")
            .jsonPath("$.address").isEqualTo("127.0.0.1")
            .jsonPath("$.port").isEqualTo(port)
            .jsonPath("$.id").isEqualTo(first.id());

        Device bobs = register(user(), Map.of("address", "127.0.0.1", "port", port));
        assertThat(bobs.id()).isNotEqualTo(first.id());
        assertThat(list(alice, "")).extracting(Device::id).containsExactly(first.id());
    }

    @Test
    void anotherUsersDeviceDoesNotExist() throws IOException {
        String alice = user();
        String bob = user();
        Device device = register(alice, Map.of("address", "127.0.0.1", "port", closedPort()));

        assertThat(list(bob, "")).isEmpty();
        assertThat(list(bob, "?address=127.0.0.1")).isEmpty();
        for (var request : List.of(
                this.client.get().uri("/devices/{id}", device.id()),
                this.client.delete().uri("/devices/{id}", device.id()),
                this.client.post().uri("/devices/{id}/ping", device.id()))) {
            request.header("Authorization", "Bearer " + this.tokens.issue(bob, false))
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Unknown device");
        }
        assertThat(get(alice, device.id())).isEqualTo(device);
    }

    @Test
    void listsOnlyTheCallersDevicesAndFiltersByAddress() throws IOException {
        String alice = user();
        Device loopback = register(alice, Map.of("address", "127.0.0.1", "port", closedPort()));
        Device named = register(alice, Map.of("address", "localhost", "port", closedPort()));
        register(user(), Map.of("address", "127.0.0.1", "port", closedPort()));

        assertThat(list(alice, "")).containsExactly(loopback, named);
        assertThat(list(alice, "?address=127.0.0.1")).containsExactly(loopback);
        assertThat(list(alice, "?address=LOCALHOST")).containsExactly(named);
        assertThat(list(alice, "?address=10.1.2.3")).isEmpty();
    }

    @Test
    void refreshPingsEveryDeviceAndPingPingsOne() throws IOException {
        String alice = user();
        Device first = register(alice, Map.of("address", "127.0.0.1", "port", closedPort()));
        Device second = register(alice, Map.of("address", "127.0.0.1", "port", closedPort()));

        assertThat(list(alice, "?refresh=true")).extracting(Device::id, Device::state)
            .containsExactly(tuple(first.id(), "offline"), tuple(second.id(), "offline"));
        this.client.post().uri("/devices/{id}/ping", first.id())
            .header("Authorization", bearer(alice))
            .exchange()
            .expectStatus().isOk()
            .expectBody(Device.class).isEqualTo(first);
    }

    @Test
    void aDeletedDeviceIsGone() throws IOException {
        String alice = user();
        Device device = register(alice, Map.of("address", "127.0.0.1", "port", closedPort()));

        this.client.delete().uri("/devices/{id}", device.id()).header("Authorization", bearer(alice))
            .exchange().expectStatus().isNoContent();

        this.client.get().uri("/devices/{id}", device.id()).header("Authorization", bearer(alice))
            .exchange().expectStatus().isNotFound();
        this.client.delete().uri("/devices/{id}", device.id()).header("Authorization", bearer(alice))
            .exchange().expectStatus().isNotFound();
        assertThat(list(alice, "")).isEmpty();
    }

    @Test
    void invalidInputIsA400ProblemNamingTheField() {
        String alice = user();
        assertInvalid(alice, Map.of("address", "999.1.1.1"), "address");
        assertInvalid(alice, Map.of("address", "tcp://10.77.0.11:2375"), "address");
        assertInvalid(alice, Map.of("address", "a".repeat(254)), "address");
        assertInvalid(alice, Map.of("port", 2375), "address");
        assertInvalid(alice, Map.of("address", "10.77.0.11", "port", 0), "port");
        assertInvalid(alice, Map.of("address", "10.77.0.11", "port", 65536), "port");
        assertInvalid(alice, Map.of("address", "10.77.0.11", "port", "http"), "port");
        assertInvalid(alice, Map.of("address", "10.77.0.11", "name", "-dash-first"), "name");
        assertInvalid(alice, Map.of("address", "10.77.0.11", "name", "x".repeat(64)), "name");
        assertInvalid(alice, Map.of("address", "10.77.0.11", "name", "has space"), "name");
        assertInvalid(alice, Map.of("address", "10.77.0.11", "insecure", "maybe"), "insecure");
        assertThat(list(alice, "")).isEmpty();
    }

    @Test
    void everyEndpointNeedsTheGatewaysToken() {
        this.client.get().uri("/devices").exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        this.client.post().uri("/devices").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("address", "127.0.0.1"))
            .header("Authorization", "Bearer not-a-token")
            .exchange()
            .expectStatus().isUnauthorized();
    }

    private void assertInvalid(String user, Map<String, Object> body, String field) {
        post(user, body)
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.field").isEqualTo(field)
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail).startsWith(field + " "));
    }

    private Device register(String user, Map<String, Object> body) {
        return post(user, body)
            .expectStatus().isCreated()
            .expectHeader().value("Location", (location) -> assertThat(location).matches(".*/devices/\\d+"))
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

    private RestTestClient.ResponseSpec patch(String user, long id, Map<String, Object> body) {
        return this.client.patch().uri("/devices/{id}", id)
            .header("Authorization", bearer(user))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange();
    }

    private Device get(String user, long id) {
        return this.client.get().uri("/devices/{id}", id).header("Authorization", bearer(user))
            .exchange()
            .expectStatus().isOk()
            .expectBody(Device.class)
            .returnResult()
            .getResponseBody();
    }

    private List<Device> list(String user, String query) {
        return this.client.get().uri("/devices" + query).header("Authorization", bearer(user))
            .exchange()
            .expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<Device>>() { })
            .returnResult()
            .getResponseBody();
    }

    private String bearer(String user) {
        return "Bearer " + this.tokens.issue(user, false);
    }

    /** Every test is its own user, so the tests share the database without seeing each other's devices. */
    private static String user() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A loopback port where nothing listens: an engine that is down, refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
