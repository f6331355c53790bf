package io.iotdeploy.machine.device;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The heartbeat on the real service, with a short interval and in-JVM engines (devices at 127.0.0.1, most of them
 * over plain TCP):
 * what a user sees in {@code GET /devices/{id}} and what deployment-service reads in {@code GET /devices/events}.
 * A database of its own, emptied before each test, and a context closed after the class: the heartbeat pings every
 * device of every owner, and must not ping the other test classes' devices.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:hsqldb:mem:device-heartbeat-tests",
        "iotdeploy.devices.address-rules.allowed-networks=127.0.0.1/32",
        "iotdeploy.machine.heartbeat.enabled=true",
        "iotdeploy.machine.heartbeat.interval=" + DeviceHeartbeatTests.INTERVAL_MILLIS + "ms",
        "iotdeploy.machine.heartbeat.timeout=" + DeviceHeartbeatTests.TIMEOUT_MILLIS + "ms",
        "iotdeploy.machine.heartbeat.parallelism=2" })
@AutoConfigureRestTestClient
@DirtiesContext
class DeviceHeartbeatTests {

    static final long INTERVAL_MILLIS = 200;

    /** Far longer than the interval: a silent device holds its slot for many rounds. */
    static final long TIMEOUT_MILLIS = 3000;

    /** One interval and one timeout, as the heartbeat promises, and room for a busy machine. */
    private static final Duration WITHIN = Duration.ofMillis(INTERVAL_MILLIS + TIMEOUT_MILLIS).plusSeconds(3);

    private static final EngineFacts FACTS = new EngineFacts("test-engine", "x86_64", "Debian GNU/Linux 12",
            "6.1.0-18-amd64", "20.10.24", 2, 2_000_000_000L, 0, 1);

    static {
        TestPlatformPki.get();
    }

    private final RestTestClient client;

    private final InternalTokens tokens;

    private final DeviceRepository repository;

    private final DeviceEventRepository events;

    private final PlatformCertificateAuthority authority;

    private final JdbcClient jdbc;

    @Autowired
    DeviceHeartbeatTests(RestTestClient client, InternalTokens tokens, DeviceRepository repository,
            DeviceEventRepository events, PlatformCertificateAuthority authority, JdbcClient jdbc) {
        this.client = client;
        this.tokens = tokens;
        this.repository = repository;
        this.events = events;
        this.authority = authority;
        this.jdbc = jdbc;
    }

    @BeforeEach
    void noDevicesNoEvents() {
        this.jdbc.sql("DELETE FROM device").update();
        this.jdbc.sql("DELETE FROM device_event").update();
    }

    @Test
    void aDeviceThatStopsAnsweringGoesOfflineAndComesBackOnline() throws IOException {
        String alice = user();
        try (TestEngine engine = TestEngine.start("127.0.0.1")) {
            Device registered = register(alice, engine.port());
            assertThat(registered.state()).isEqualTo("online");
            assertThat(registered.lastSeen()).isNotNull();
            assertThat(engine.infos()).as("registering asks for the facts").isEqualTo(1);

            await().atMost(WITHIN).untilAsserted(() -> {
                assertThat(get(alice, registered.id()).lastSeen()).as("last seen advances")
                    .isAfter(registered.lastSeen());
                assertThat(engine.pings()).as("the light _ping").isGreaterThanOrEqualTo(2);
            });
            assertThat(engine.infos()).as("no /info while it stays online").isEqualTo(1);
            assertThat(events()).as("no transition yet: registering is none").isEmpty();

            engine.stop();
            Instant stopped = Instant.now();
            Device offline = await().atMost(WITHIN).until(() -> get(alice, registered.id()),
                    (device) -> device.state().equals("offline"));
            // a ping answered just before the stop may be recorded just after it
            assertThat(offline.lastSeen()).as("when it last answered").isBefore(stopped.plusSeconds(1));
            assertThat(offline.architecture()).as("the last known facts stay").isEqualTo("x86_64");
            assertThat(events()).extracting(DeviceEvent::deviceId, DeviceEvent::owner, DeviceEvent::kind)
                .containsExactly(tuple(registered.id(), alice, "offline"));

            Instant restarted = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            engine.restart();
            Device online = await().atMost(WITHIN).until(() -> get(alice, registered.id()),
                    (device) -> device.state().equals("online"));
            assertThat(online.lastSeen()).isAfterOrEqualTo(restarted);
            assertThat(engine.infos()).as("back online: its facts are asked again").isEqualTo(2);
            List<DeviceEvent> events = events();
            assertThat(events).extracting(DeviceEvent::deviceId, DeviceEvent::kind)
                .containsExactly(tuple(registered.id(), "offline"), tuple(registered.id(), "online"));
            assertThat(events.get(1).id()).isGreaterThan(events.get(0).id());
            assertThat(events.get(1).at()).isAfterOrEqualTo(restarted);
        }
    }

    @Test
    void aDeviceThatNeverAnswersDelaysNoOtherDevice() throws IOException {
        String alice = user();
        try (SilentEngine silent = SilentEngine.start();
                TestEngine first = TestEngine.start("127.0.0.1");
                TestEngine second = TestEngine.start("127.0.0.1");
                TestEngine third = TestEngine.start("127.0.0.1")) {
            List<TestEngine> answering = List.of(first, second, third);
            for (TestEngine engine : answering) {
                register(alice, engine.port());
            }
            // as if it answered a moment ago: registering it through the API would wait for its /info
            long silentId = this.repository.insert(alice, "silent", "127.0.0.1", silent.port(), true,
                    Map.of(), EnginePing.online(FACTS), Instant.now());

            await().atMost(WITHIN).until(() -> silent.connections() >= 1);
            Instant held = Instant.now();
            int[] before = answering.stream().mapToInt(TestEngine::pings).toArray();
            // with parallelism 2, the silent device holds one slot for its whole timeout; the other slot keeps
            // pinging the others every interval (about 10 pings each in 2 s)
            await().atMost(Duration.ofMillis(TIMEOUT_MILLIS - 1000)).untilAsserted(() -> {
                for (int i = 0; i < answering.size(); i++) {
                    assertThat(answering.get(i).pings()).as("engine %d", i).isGreaterThanOrEqualTo(before[i] + 3);
                }
            });
            assertThat(Duration.between(held, Instant.now())).isLessThan(Duration.ofMillis(TIMEOUT_MILLIS));
            assertThat(silent.connections()).as("a device still being pinged is skipped, not pinged twice")
                .isEqualTo(1);

            Device dead = await().atMost(WITHIN).until(() -> get(alice, silentId),
                    (device) -> device.state().equals("offline"));
            assertThat(dead.lastSeen()).as("never seen since").isBefore(held);
            assertThat(events()).extracting(DeviceEvent::deviceId, DeviceEvent::kind)
                .containsExactly(tuple(silentId, "offline"));
            assertThat(get(alice, silentId).state()).isEqualTo("offline");
            for (Device device : list(alice)) {
                if (device.id() != silentId) {
                    assertThat(device.state()).isEqualTo("online");
                }
            }
        }
    }

    @Test
    void aDeviceWhoseAddressIsRefusedIsNotPinged() throws IOException {
        String alice = user();
        try (TestEngine allowed = TestEngine.start("127.0.0.1");
                TestEngine refused = TestEngine.start("127.0.0.2")) {
            register(alice, allowed.port());
            // registered when the administrator still allowed all of 127.0.0.0/8
            Instant seen = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
            long refusedId = this.repository.insert(alice, "refused", "127.0.0.2", refused.port(), true,
                    Map.of(), EnginePing.online(FACTS), seen);

            await().atMost(WITHIN).until(() -> allowed.pings() >= 5);
            assertThat(refused.requests()).as("never contacted").isZero();
            Device device = get(alice, refusedId);
            assertThat(device.state()).as("as it was").isEqualTo("online");
            assertThat(device.lastSeen()).isEqualTo(seen);
            assertThat(events()).isEmpty();
        }
    }

    @Test
    void aTlsDeviceIsWatchedWithThePlatformsClientCertificate() throws IOException {
        String alice = user();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Device device = this.client.post().uri("/devices")
            .header("Authorization", bearer(alice))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("address", "127.0.0.1", "port", port))
            .exchange()
            .expectStatus().isCreated()
            .expectBody(Device.class).returnResult().getResponseBody();
        assertThat(device.state()).as("not installed yet").isEqualTo("offline");
        assertThat(device.lastSeen()).isNull();

        // as after its owner ran the TLS bundle on it
        IssuedCertificate issued = this.authority.issueServerCertificate("127.0.0.1", true, alice);
        SSLContext tls = TestPlatformPki.get().serverContext(issued.certificatePem(), issued.keyPem());
        try (TestEngine engine = TestEngine.startTls("127.0.0.1", port, tls)) {
            Device online = await().atMost(WITHIN).until(() -> get(alice, device.id()),
                    (current) -> current.state().equals("online"));
            assertThat(online.lastSeen()).isNotNull();
            assertThat(online.architecture()).as("the facts, asked when it came online").isEqualTo("x86_64");
            await().atMost(WITHIN).until(() -> engine.pings() >= 2);
            assertThat(events()).extracting(DeviceEvent::deviceId, DeviceEvent::kind)
                .containsExactly(tuple(device.id(), "online"));
        }
    }

    @Test
    void eventsOlderThanTheRetentionArePruned() {
        DeviceEvent old = this.events.append(1, "alice", "offline", Instant.now().minus(Duration.ofDays(8)));
        DeviceEvent recent = this.events.append(1, "alice", "online", Instant.now().minus(Duration.ofDays(6)));

        await().atMost(WITHIN).until(() -> events().stream().noneMatch((event) -> event.id() == old.id()));
        assertThat(events()).extracting(DeviceEvent::id).containsExactly(recent.id());
    }

    /** The online/offline transitions: a registration's {@code tags} event is none. */
    private List<DeviceEvent> events() {
        return this.client.get().uri("/devices/events")
            .header("Authorization", "Bearer " + this.tokens.issue("deployment-service", false))
            .exchange()
            .expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<DeviceEvent>>() { })
            .returnResult().getResponseBody()
            .stream()
            .filter((event) -> !DeviceEvent.TAGS.equals(event.kind()))
            .toList();
    }

    private Device register(String user, int port) {
        return this.client.post().uri("/devices")
            .header("Authorization", bearer(user))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("address", "127.0.0.1", "port", port, "insecure", true))
            .exchange()
            .expectStatus().isCreated()
            .expectBody(Device.class).returnResult().getResponseBody();
    }

    private Device get(String user, long id) {
        return this.client.get().uri("/devices/{id}", id).header("Authorization", bearer(user))
            .exchange()
            .expectStatus().isOk()
            .expectBody(Device.class).returnResult().getResponseBody();
    }

    private List<Device> list(String user) {
        return this.client.get().uri("/devices").header("Authorization", bearer(user))
            .exchange()
            .expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<Device>>() { })
            .returnResult().getResponseBody();
    }

    private String bearer(String user) {
        return "Bearer " + this.tokens.issue(user, false);
    }

    private static String user() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

}
