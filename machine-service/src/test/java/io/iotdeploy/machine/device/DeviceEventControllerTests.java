package io.iotdeploy.machine.device;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * {@code GET /devices/events} for deployment-service: pages in id order, no more than the page size, and only for
 * the platform's services; online/offline transitions, a device's tags set and a group's changes. Without the
 * heartbeat (the tests' default): here the owner's own pings find the transitions. A database of its own, so that
 * the events are this class's only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:hsqldb:mem:device-event-tests",
        "iotdeploy.devices.address-rules.allowed-networks=127.0.0.1/32",
        "iotdeploy.machine.events.page-size=3" })
@AutoConfigureRestTestClient
class DeviceEventControllerTests {

    static {
        TestPlatformPki.get();
    }

    private final RestTestClient client;

    private final InternalTokens tokens;

    private final DeviceEventRepository events;

    private final JdbcClient jdbc;

    @Autowired
    DeviceEventControllerTests(RestTestClient client, InternalTokens tokens, DeviceEventRepository events,
            JdbcClient jdbc) {
        this.client = client;
        this.tokens = tokens;
        this.events = events;
        this.jdbc = jdbc;
    }

    @BeforeEach
    void noEvents() {
        this.jdbc.sql("DELETE FROM device_event").update();
    }

    @Test
    void pagesInIdOrderNoLongerThanThePageSize() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<DeviceEvent> recorded = List.of(this.events.append(1, "alice", "offline", at),
                this.events.append(2, "bob", "offline", at.plusMillis(1)),
                this.events.append(1, "alice", "online", at.plusMillis(2)),
                this.events.append(3, "carol", "online", at.plusMillis(3)),
                this.events.append(2, "bob", "online", at.plusMillis(4)));

        List<DeviceEvent> first = read("");
        assertThat(first).as("the page size").containsExactlyElementsOf(recorded.subList(0, 3));
        List<DeviceEvent> second = read("?after=" + first.get(2).id());
        assertThat(second).containsExactlyElementsOf(recorded.subList(3, 5));
        assertThat(read("?after=" + second.get(1).id())).isEmpty();

        assertThat(read("?after=" + recorded.get(0).id() + "&limit=2"))
            .containsExactlyElementsOf(recorded.subList(1, 3));
        assertThat(read("?limit=1000")).as("never more than the page size").hasSize(3);

        this.client.get().uri("/devices/events?limit=1").header("Authorization", service())
            .exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$[0].id").isEqualTo(recorded.get(0).id())
            .jsonPath("$[0].deviceId").isEqualTo(1)
            .jsonPath("$[0].owner").isEqualTo("alice")
            .jsonPath("$[0].kind").isEqualTo("offline")
            .jsonPath("$[0].group").isEmpty()
            .jsonPath("$[0].at").isEqualTo(at.toString());
    }

    @Test
    void onlyThePlatformsServicesReadThem() {
        this.events.append(1, "alice", "offline", Instant.now());

        this.client.get().uri("/devices/events").exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        this.client.get().uri("/devices/events").header("Authorization", "Bearer not-a-token").exchange()
            .expectStatus().isUnauthorized();
        // a user's token, as the gateway relays it on /api/devices/events, and the gateway's own
        for (String subject : List.of("alice", InternalTokens.GATEWAY)) {
            this.client.get().uri("/devices/events")
                .header("Authorization", "Bearer " + this.tokens.issue(subject, true))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Device events are internal")
                .jsonPath("$.detail").value(String.class,
                        (detail) -> assertThat(detail).contains("deployment-service"));
        }
    }

    @Test
    void aMalformedPageIsA400Problem() {
        for (String query : List.of("?after=-1", "?after=abc", "?limit=0", "?limit=x")) {
            this.client.get().uri("/devices/events" + query).header("Authorization", service())
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void theOwnersPingsRecordTransitionsAsWellButRegisteringIsNone() throws IOException {
        String alice = user();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Device device = register(alice, port);
        assertThat(device.state()).isEqualTo("offline");
        assertThat(read("")).extracting(DeviceEvent::kind).as("its tags are set, it went nowhere")
            .containsExactly("tags");
        this.jdbc.sql("DELETE FROM device_event").update();

        try (TestEngine engine = TestEngine.startAt("127.0.0.1", port)) {
            assertThat(ping(alice, device.id()).state()).isEqualTo("online");
            assertThat(ping(alice, device.id()).state()).isEqualTo("online");
        }
        assertThat(ping(alice, device.id()).state()).isEqualTo("offline");
        assertThat(ping(alice, device.id()).state()).isEqualTo("offline");

        assertThat(read("")).extracting(DeviceEvent::deviceId, DeviceEvent::owner, DeviceEvent::kind)
            .as("one event per transition, not per ping")
            .containsExactly(tuple(device.id(), alice, "online"), tuple(device.id(), alice, "offline"));
    }

    @Test
    void aDevicesTagsSetAtRegistrationAndEveryChangeOfThemAreTagsEvents() throws IOException {
        String alice = user();
        Device device = register(alice, freePort());
        putTags(alice, device.id(), Map.of("site", "basement", "floor", "2"), 200);
        putTags(alice, device.id(), Map.of("floor", "2", "site", "basement"), 200);
        putTags(alice, device.id(), Map.of("site", "attic"), 200);
        putTags(alice, device.id(), Map.of("Site", "cellar"), 400);
        putTags(user(), device.id(), Map.of("site", "cellar"), 404);
        putTags(alice, device.id(), Map.of(), 200);

        assertThat(readAll()).extracting(DeviceEvent::deviceId, DeviceEvent::owner, DeviceEvent::kind,
                DeviceEvent::group)
            .as("registered, tagged, retagged, untagged; the same tags again, a malformed tag, another user: none")
            .containsExactly(tuple(device.id(), alice, "tags", null), tuple(device.id(), alice, "tags", null),
                    tuple(device.id(), alice, "tags", null), tuple(device.id(), alice, "tags", null));
    }

    @Test
    void everyChangeOfAGroupIsAGroupEvent() throws IOException {
        String alice = user();
        Device device = register(alice, freePort());
        this.jdbc.sql("DELETE FROM device_event").update();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        group(alice, "POST", "/groups", Map.of("name", "basement", "selector", "site=basement"), 201);
        group(alice, "PUT", "/groups/basement", Map.of("selector", "site=basement"), 200);
        group(alice, "PUT", "/groups/basement", Map.of("selector", " site = basement "), 200);
        group(alice, "PUT", "/groups/basement", Map.of("selector", "site=basement,role=gateway"), 200);
        group(alice, "PUT", "/groups/basement", Map.of("devices", List.of(device.id())), 200);
        group(alice, "PUT", "/groups/basement", Map.of("devices", List.of(device.id(), device.id())), 200);
        group(alice, "POST", "/groups", Map.of("name", "basement", "selector", "site=x"), 409);
        group(alice, "PUT", "/groups/basement", Map.of("selector", "site="), 400);
        group(user(), "DELETE", "/groups/basement", null, 404);
        group(alice, "DELETE", "/groups/basement", null, 204);

        List<DeviceEvent> events = readAll();
        assertThat(events).extracting(DeviceEvent::deviceId, DeviceEvent::owner, DeviceEvent::kind,
                DeviceEvent::group)
            .as("created, changed twice, deleted; the same definition again and refused changes are none")
            .containsExactly(tuple(null, alice, "group", "basement"), tuple(null, alice, "group", "basement"),
                    tuple(null, alice, "group", "basement"), tuple(null, alice, "group", "basement"));
        assertThat(events).allSatisfy((event) -> assertThat(event.at()).isAfterOrEqualTo(before));
        this.client.get().uri("/devices/events").header("Authorization", service())
            .exchange()
            .expectBody()
            .jsonPath("$[0].deviceId").isEmpty()
            .jsonPath("$[0].kind").isEqualTo("group")
            .jsonPath("$[0].group").isEqualTo("basement");
    }

    /** Every event, page by page. */
    private List<DeviceEvent> readAll() {
        List<DeviceEvent> all = new ArrayList<>();
        List<DeviceEvent> page = read("");
        while (!page.isEmpty()) {
            all.addAll(page);
            page = read("?after=" + page.get(page.size() - 1).id());
        }
        return all;
    }

    private void putTags(String user, long id, Map<String, String> tags, int status) {
        this.client.put().uri("/devices/{id}/tags", id)
            .header("Authorization", "Bearer " + this.tokens.issue(user, false))
            .contentType(MediaType.APPLICATION_JSON)
            .body(tags)
            .exchange()
            .expectStatus().isEqualTo(status);
    }

    private void group(String user, String method, String path, Map<String, Object> body, int status) {
        var request = this.client.method(HttpMethod.valueOf(method)).uri(path)
            .header("Authorization", "Bearer " + this.tokens.issue(user, false));
        var response = (body != null) ? request.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                : request.exchange();
        response.expectStatus().isEqualTo(status);
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private List<DeviceEvent> read(String query) {
        return this.client.get().uri("/devices/events" + query).header("Authorization", service())
            .exchange()
            .expectStatus().isOk()
            .expectHeader().contentType(MediaType.APPLICATION_JSON)
            .expectBody(new ParameterizedTypeReference<List<DeviceEvent>>() { })
            .returnResult().getResponseBody();
    }

    /** deployment-service's token of its own, as the gateway has one for its own calls. */
    private String service() {
        return "Bearer " + this.tokens.issue("deployment-service", false);
    }

    private Device register(String user, int port) {
        return this.client.post().uri("/devices")
            .header("Authorization", "Bearer " + this.tokens.issue(user, false))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("address", "127.0.0.1", "port", port, "insecure", true))
            .exchange()
            .expectStatus().isCreated()
            .expectBody(Device.class).returnResult().getResponseBody();
    }

    private Device ping(String user, long id) {
        return this.client.post().uri("/devices/{id}/ping", id)
            .header("Authorization", "Bearer " + this.tokens.issue(user, false))
            .exchange()
            .expectStatus().isOk()
            .expectBody(Device.class).returnResult().getResponseBody();
    }

    private static String user() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

}
