package io.iotdeploy.machine.group;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import io.iotdeploy.machine.device.DeviceSelection.Member;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Groups through the API, on the real service with an in-memory database (the context of the device API's tests):
 * created, read resolved, changed and deleted; each user's own; a group by selector holds the devices tagged later.
 * Devices are insecure loopback ports where no engine listens (offline), registered through the API.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "iotdeploy.devices.address-rules.allowed-networks=127.0.0.0/8,::1/128")
@AutoConfigureRestTestClient
class GroupControllerTests {

    private final RestTestClient client;

    private final InternalTokens tokens;

    @Autowired
    GroupControllerTests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    @Test
    void aGroupBySelectorIsCreatedReadResolvedChangedAndDeleted() throws IOException {
        String alice = user();
        Member gateway = register(alice, "gw-1", Map.of("site", "basement", "role", "gateway"));
        Member sensor = register(alice, "sensor-1", Map.of("site", "basement", "role", "sensor"));
        register(alice, "attic-1", Map.of("site", "attic"));

        Group created = exchange(alice, HttpMethod.POST, "/groups",
                Map.of("name", "basement.gateways", "selector", " site = basement , role=gateway"))
            .expectStatus().isCreated()
            .expectHeader().valueEquals("Location", "/groups/basement.gateways")
            .expectBody(Group.class).returnResult().getResponseBody();
        assertThat(created.name()).isEqualTo("basement.gateways");
        assertThat(created.selector()).as("in its one spelling").isEqualTo("site=basement,role=gateway");
        assertThat(created.devices()).containsExactly(gateway);
        assertThat(created.createdAt()).isNotNull().isEqualTo(created.updatedAt());
        assertThat(get(alice, "basement.gateways")).isEqualTo(created);
        this.client.get().uri("/groups/basement.gateways").header("Authorization", bearer(alice))
            .exchange()
            .expectBody()
            .jsonPath("$.devices[0].id").isEqualTo(gateway.id())
            .jsonPath("$.devices[0].name").isEqualTo("gw-1");

        Group changed = exchange(alice, HttpMethod.PUT, "/groups/basement.gateways",
                Map.of("name", "basement.gateways", "selector", "site=basement"))
            .expectStatus().isOk()
            .expectBody(Group.class).returnResult().getResponseBody();
        assertThat(changed.selector()).isEqualTo("site=basement");
        assertThat(changed.devices()).containsExactly(gateway, sensor);
        assertThat(changed.createdAt()).isEqualTo(created.createdAt());
        assertThat(changed.updatedAt()).isAfterOrEqualTo(created.updatedAt());
        assertThat(list(alice)).containsExactly(changed);

        exchange(alice, HttpMethod.DELETE, "/groups/basement.gateways", null).expectStatus().isNoContent();
        exchange(alice, HttpMethod.GET, "/groups/basement.gateways", null)
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Unknown group")
            .jsonPath("$.group").isEqualTo("basement.gateways");
        exchange(alice, HttpMethod.DELETE, "/groups/basement.gateways", null).expectStatus().isNotFound();
        assertThat(list(alice)).isEmpty();
    }

    @Test
    void aStoredGroupMayBeEmptyAndHoldsTheDevicesThatJoinLater() throws IOException {
        String alice = user();
        Group empty = create(alice, Map.of("name", "kiosks", "selector", "role=kiosk"));
        assertThat(empty.devices()).isEmpty();

        Member registered = register(alice, "kiosk-1", Map.of("role", "kiosk"));
        Member tagged = register(alice, "kiosk-2", Map.of());
        tag(alice, tagged.id(), Map.of("role", "kiosk"));
        Member other = register(alice, "kiosk-3", Map.of("role", "kiosk"));
        tag(alice, other.id(), Map.of("role", "retired"));

        assertThat(get(alice, "kiosks").devices()).as("registered with the tag, tagged later; retagged away")
            .containsExactly(registered, tagged);
        exchange(alice, HttpMethod.DELETE, "/devices/" + registered.id(), null).expectStatus().isNoContent();
        assertThat(get(alice, "kiosks").devices()).containsExactly(tagged);
    }

    @Test
    void aGroupMayBeAnExplicitListOfTheCallersDevices() throws IOException {
        String alice = user();
        Member first = register(alice, "pi-1", Map.of());
        Member second = register(alice, "pi-2", Map.of("site", "attic"));
        Member third = register(alice, "pi-3", Map.of());

        Group pair = create(alice, Map.of("name", "pair", "devices", List.of(second.id(), first.id(), first.id())));
        assertThat(pair.selector()).isNull();
        assertThat(pair.devices()).as("in id order, once each").containsExactly(first, second);

        Group changed = exchange(alice, HttpMethod.PUT, "/groups/pair", Map.of("devices", List.of(third.id())))
            .expectStatus().isOk()
            .expectBody(Group.class).returnResult().getResponseBody();
        assertThat(changed.devices()).containsExactly(third);

        exchange(alice, HttpMethod.DELETE, "/devices/" + third.id(), null).expectStatus().isNoContent();
        assertThat(get(alice, "pair").devices()).as("a deleted device leaves the list").isEmpty();

        Group bySelector = exchange(alice, HttpMethod.PUT, "/groups/pair", Map.of("selector", "site=attic"))
            .expectStatus().isOk()
            .expectBody(Group.class).returnResult().getResponseBody();
        assertThat(bySelector.selector()).isEqualTo("site=attic");
        assertThat(bySelector.devices()).containsExactly(second);

        assertThat(create(alice, Map.of("name", "nobody", "devices", List.of())).devices()).isEmpty();
    }

    @Test
    void groupsAreTheirOwnersOnly() throws IOException {
        String alice = user();
        String bob = user();
        Member alices = register(alice, "pi-alice", Map.of("site", "basement"));
        Member bobs = register(bob, "pi-bob", Map.of("site", "basement"));
        create(alice, Map.of("name", "basement", "selector", "site=basement"));

        assertThat(get(alice, "basement").devices()).as("a selector selects its owner's devices only")
            .containsExactly(alices);
        assertThat(list(bob)).isEmpty();
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE)) {
            exchange(bob, method, "/groups/basement", (method == HttpMethod.PUT) ? Map.of("selector", "site=x") : null)
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Unknown group");
        }

        Group bobsOwn = create(bob, Map.of("name", "basement", "selector", "site=basement"));
        assertThat(bobsOwn.devices()).as("the same name is another user's to take").containsExactly(bobs);

        exchange(alice, HttpMethod.POST, "/groups", Map.of("name", "mine", "devices", List.of(alices.id(), bobs.id())))
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Unknown device")
            .jsonPath("$.field").isEqualTo("devices")
            .jsonPath("$.device").isEqualTo(bobs.id())
            .jsonPath("$.detail").value(String.class,
                    (detail) -> assertThat(detail).contains("no device with id " + bobs.id()));
        exchange(alice, HttpMethod.PUT, "/groups/basement", Map.of("devices", List.of(bobs.id())))
            .expectStatus().isNotFound()
            .expectBody().jsonPath("$.device").isEqualTo(bobs.id());
        exchange(alice, HttpMethod.POST, "/groups", Map.of("name", "ghost", "devices", List.of(bobs.id() + 100_000)))
            .expectStatus().isNotFound();
        assertThat(list(alice)).extracting(Group::name).as("nothing stored").containsExactly("basement");
        assertThat(get(alice, "basement").selector()).isEqualTo("site=basement");
        assertThat(get(bob, "basement").devices()).containsExactly(bobs);
    }

    @Test
    void aTakenNameIsAConflict() {
        String alice = user();
        create(alice, Map.of("name", "kiosks", "selector", "role=kiosk"));
        exchange(alice, HttpMethod.POST, "/groups", Map.of("name", "kiosks", "devices", List.of()))
            .expectStatus().isEqualTo(409)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Group already exists")
            .jsonPath("$.group").isEqualTo("kiosks");
        create(alice, Map.of("name", "Kiosks", "selector", "role=kiosk"));
        assertThat(list(alice)).extracting(Group::name, Group::selector)
            .containsExactly(tuple("Kiosks", "role=kiosk"),
                    tuple("kiosks", "role=kiosk"));
    }

    @Test
    void aMalformedGroupIsA400ProblemNamingTheFieldAndNothingIsStored() {
        String alice = user();
        assertInvalid(alice, Map.of("selector", "site=basement"), "name", "a group needs a name");
        assertInvalid(alice, Map.of("name", "", "selector", "site=basement"), "name", "a group needs a name");
        assertInvalid(alice, Map.of("name", "x", "selector", "site=basement"), "name", "is not a group name");
        assertInvalid(alice, Map.of("name", "-dash", "selector", "site=basement"), "name", "is not a group name");
        assertInvalid(alice, Map.of("name", "has space", "selector", "site=basement"), "name", "is not a group name");
        assertInvalid(alice, Map.of("name", "a/b", "selector", "site=basement"), "name", "is not a group name");
        assertInvalid(alice, Map.of("name", "g".repeat(129), "selector", "site=basement"), "name",
                "is not a group name");
        assertInvalid(alice, Map.of("name", "both", "selector", "site=basement", "devices", List.of(1)), "selector",
                "not both");
        assertInvalid(alice, Map.of("name", "neither"), "selector", "a group is a tag selector");
        List<Long> tooMany = LongStream.rangeClosed(1, 1001).boxed().toList();
        assertInvalid(alice, Map.of("name", "many", "devices", tooMany), "devices", "at most 1000 devices");
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        assertInvalid(alice, Map.of("name", "nulls", "devices", withNull), "devices", "not null");
        exchange(alice, HttpMethod.POST, "/groups", Map.of("name", "words", "devices", List.of("three")))
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.field").isEqualTo("devices");

        for (String selector : List.of("site=", "=x", "a=b=c", "a=b,,c=d", "", "k=v,".repeat(75) + "a=b")) {
            exchange(alice, HttpMethod.POST, "/groups", Map.of("name", "bad", "selector", selector))
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Invalid selector")
                .jsonPath("$.field").isEqualTo("selector");
        }
        exchange(alice, HttpMethod.POST, "/groups", Map.of("name", "bad", "selector", "site=basement,a=b=c"))
            .expectBody().jsonPath("$.term").isEqualTo("a=b=c");

        create(alice, Map.of("name", "kept", "selector", "site=basement"));
        exchange(alice, HttpMethod.PUT, "/groups/kept", Map.of("selector", "site="))
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.term").isEqualTo("site=");
        exchange(alice, HttpMethod.PUT, "/groups/kept", Map.of("name", "renamed", "selector", "site=attic"))
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.field").isEqualTo("name")
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail).contains("keeps its name"));
        exchange(alice, HttpMethod.PUT, "/groups/kept", Map.of()).expectStatus().isBadRequest();
        assertThat(list(alice)).extracting(Group::name, Group::selector)
            .containsExactly(tuple("kept", "site=basement"));
    }

    @Test
    void everyEndpointNeedsTheGatewaysToken() {
        this.client.get().uri("/groups").exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        this.client.post().uri("/groups").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("name", "kiosks", "selector", "role=kiosk"))
            .header("Authorization", "Bearer not-a-token")
            .exchange()
            .expectStatus().isUnauthorized();
    }

    private void assertInvalid(String user, Map<String, Object> body, String field, String mistake) {
        exchange(user, HttpMethod.POST, "/groups", body)
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Invalid group")
            .jsonPath("$.field").isEqualTo(field)
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail)
                .startsWith(field + ": ")
                .contains(mistake));
        assertThat(list(user)).isEmpty();
    }

    private Group create(String user, Map<String, Object> body) {
        return exchange(user, HttpMethod.POST, "/groups", body)
            .expectStatus().isCreated()
            .expectBody(Group.class).returnResult().getResponseBody();
    }

    private Group get(String user, String name) {
        return exchange(user, HttpMethod.GET, "/groups/" + name, null)
            .expectStatus().isOk()
            .expectBody(Group.class).returnResult().getResponseBody();
    }

    private List<Group> list(String user) {
        return this.client.get().uri("/groups").header("Authorization", bearer(user))
            .exchange()
            .expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<Group>>() { })
            .returnResult().getResponseBody();
    }

    private void tag(String user, long id, Map<String, String> tags) {
        exchange(user, HttpMethod.PUT, "/devices/" + id + "/tags", tags).expectStatus().isOk();
    }

    private Member register(String user, String name, Map<String, String> tags) throws IOException {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("address", "127.0.0.1");
        body.put("port", closedPort());
        body.put("insecure", true);
        body.put("tags", tags);
        return exchange(user, HttpMethod.POST, "/devices", body)
            .expectStatus().isCreated()
            // the device's JSON: its id and name are what a group lists
            .expectBody(Member.class).returnResult().getResponseBody();
    }

    private RestTestClient.ResponseSpec exchange(String user, HttpMethod method, String path, Object body) {
        var request = this.client.method(method).uri(path).header("Authorization", bearer(user));
        return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                : request.exchange();
    }

    private String bearer(String user) {
        return "Bearer " + this.tokens.issue(user, false);
    }

    private static String user() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
