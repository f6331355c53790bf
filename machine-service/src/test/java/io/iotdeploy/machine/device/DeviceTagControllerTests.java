package io.iotdeploy.machine.device;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
 * A device's tags through the API: set at registration, replaced by {@code PUT /devices/{id}/tags}, shown in the
 * device's JSON and selected by {@code GET /devices?selector=}. Devices are loopback ports where no engine listens
 * (offline), as in {@link DeviceControllerTests}, whose context this shares.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "iotdeploy.devices.address-rules.allowed-networks=127.0.0.0/8,::1/128")
@AutoConfigureRestTestClient
class DeviceTagControllerTests {

    static {
        TestPlatformPki.get();
    }

    private final RestTestClient client;

    private final InternalTokens tokens;

    @Autowired
    DeviceTagControllerTests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    @Test
    void tagsGivenAtRegistrationAreInTheDevicesJsonSortedByKey() throws IOException {
        String alice = user();
        Device device = register(alice, Map.of("site", "basement", "floor", "2", "role", "gateway"));

        assertThat(device.tags()).containsExactly(Map.entry("floor", "2"), Map.entry("role", "gateway"),
                Map.entry("site", "basement"));
        assertThat(get(alice, device.id())).isEqualTo(device);
        assertThat(list(alice, "")).containsExactly(device);
        this.client.get().uri("/devices/{id}", device.id()).header("Authorization", bearer(alice))
            .exchange()
            .expectBody()
            .jsonPath("$.tags.site").isEqualTo("basement")
            .jsonPath("$.tags.floor").isEqualTo("2");

        Device untagged = register(alice, null);
        assertThat(untagged.tags()).isEmpty();
        this.client.get().uri("/devices/{id}", untagged.id()).header("Authorization", bearer(alice))
            .exchange()
            .expectBody().json("{\"tags\":{}}");
    }

    @Test
    void putReplacesEveryTag() throws IOException {
        String alice = user();
        Device device = register(alice, Map.of("site", "basement", "floor", "2"));

        Device retagged = putTags(alice, device.id(), Map.of("site", "attic", "role", "sensor"))
            .expectStatus().isOk()
            .expectBody(Device.class).returnResult().getResponseBody();
        assertThat(retagged.tags()).as("floor is gone: PUT replaces, it does not merge")
            .containsExactly(Map.entry("role", "sensor"), Map.entry("site", "attic"));
        assertThat(retagged.id()).isEqualTo(device.id());
        assertThat(get(alice, device.id())).isEqualTo(retagged);

        Map<String, Object> number = Map.of("floor", 2);
        assertThat(putTags(alice, device.id(), number).expectStatus().isOk()
            .expectBody(Device.class).returnResult().getResponseBody().tags())
            .as("a JSON number is its digits").containsExactly(Map.entry("floor", "2"));

        assertThat(putTags(alice, device.id(), Map.of()).expectStatus().isOk()
            .expectBody(Device.class).returnResult().getResponseBody().tags()).isEmpty();
        assertThat(get(alice, device.id()).tags()).isEmpty();
    }

    @Test
    void aMalformedTagIsA400ProblemNamingItAndNothingIsStored() throws IOException {
        String alice = user();
        Device device = register(alice, Map.of("site", "basement"));

        assertInvalidTags(putTags(alice, device.id(), Map.of("Site", "attic")), "Site", "is not a tag key");
        assertInvalidTags(putTags(alice, device.id(), Map.of("site", "")), "site", "has no value");
        assertInvalidTags(putTags(alice, device.id(), Map.of("site", "a b")), "site", "is not a tag value");
        assertInvalidTags(putTags(alice, device.id(), Map.of("site", "attic", "a=b", "c")), "a=b", "is not a tag key");
        assertInvalidTags(putTags(alice, device.id(), Map.of("iotdeploy.arch", "x86_64")), "iotdeploy.arch",
                "is reserved");
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("site", null);
        assertInvalidTags(putTags(alice, device.id(), nullValue), "site", "has no value");
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 33; i++) {
            many.put("k" + i, "v");
        }
        putTags(alice, device.id(), many)
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.field").isEqualTo("tags")
            .jsonPath("$.tag").doesNotExist()
            .jsonPath("$.detail").isEqualTo("tags: a device has at most 32 tags, not 33. Nothing was changed.");
        putTags(alice, device.id(), Map.of("site", Map.of("nested", "object")))
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.field").isEqualTo("site");

        assertThat(get(alice, device.id()).tags()).as("nothing stored")
            .containsExactly(Map.entry("site", "basement"));
    }

    @Test
    void aMalformedTagAtRegistrationRegistersNothing() throws IOException {
        String alice = user();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("address", "127.0.0.1");
        body.put("port", closedPort());
        body.put("tags", Map.of("site", "basement", "Floor", "2"));

        assertInvalidTags(post(alice, body), "Floor", "is not a tag key");
        body.put("tags", Map.of("site", "-"));
        assertInvalidTags(post(alice, body), "site", "is not a tag value");
        assertThat(list(alice, "")).isEmpty();
    }

    @Test
    void anotherUsersDeviceHasNoTagsToChange() throws IOException {
        String alice = user();
        Device device = register(alice, Map.of("site", "basement"));

        putTags(user(), device.id(), Map.of("site", "attic"))
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.title").isEqualTo("Unknown device");
        putTags(alice, device.id() + 100_000, Map.of("site", "attic")).expectStatus().isNotFound();
        assertThat(get(alice, device.id()).tags()).containsExactly(Map.entry("site", "basement"));
    }

    @Test
    void aSelectorListsTheCallersDevicesWhoseTagsItSelects() throws IOException {
        String alice = user();
        Device gateway = register(alice, Map.of("site", "basement", "role", "gateway"));
        Device sensor = register(alice, Map.of("site", "basement", "role", "sensor"));
        Device attic = register(alice, Map.of("site", "attic"));
        Device untagged = register(alice, null);
        register(user(), Map.of("site", "basement", "role", "gateway"));

        assertThat(ids(alice, "site=basement")).containsExactly(gateway.id(), sensor.id());
        assertThat(ids(alice, "site=basement,role=gateway")).containsExactly(gateway.id());
        assertThat(ids(alice, "role!=gateway")).containsExactly(sensor.id(), attic.id(), untagged.id());
        assertThat(ids(alice, "role")).containsExactly(gateway.id(), sensor.id());
        assertThat(ids(alice, "!site")).containsExactly(untagged.id());
        assertThat(ids(alice, "site=cellar")).as("none is an empty list").isEmpty();
        assertThat(list(alice, "?address=127.0.0.1&selector=role=gateway")).extracting(Device::id)
            .containsExactly(gateway.id());
        assertThat(list(alice, "?selector=site=basement&refresh=true")).extracting(Device::id, Device::state)
            .containsExactly(tuple(gateway.id(), "offline"),
                    tuple(sensor.id(), "offline"));

        putTags(alice, attic.id(), Map.of("site", "basement", "role", "gateway")).expectStatus().isOk();
        assertThat(ids(alice, "site=basement,role=gateway")).as("a device tagged later is selected")
            .containsExactly(gateway.id(), attic.id());
    }

    @Test
    void aMalformedSelectorIsA400ProblemNamingTheSelectorAndTheTerm() {
        String alice = user();
        assertInvalidSelector(alice, "site=", "site=", "has no value");
        assertInvalidSelector(alice, "=x", "=x", "has no key");
        assertInvalidSelector(alice, "site=basement,a=b=c", "a=b=c", "more than one '='");
        assertInvalidSelector(alice, "site=basement,,role=gateway", "", "empty term");
        assertInvalidSelector(alice, "Site=basement", "Site=basement", "is not a tag key");
        assertInvalidSelector(alice, "site=base ment", "site=base ment", "is not a tag value");
        assertInvalidSelector(alice, "", null, "at least one term");

        String tooLong = "k=v,".repeat(75) + "a=b";
        this.client.get().uri((uri) -> uri.path("/devices").queryParam("selector", "{s}").build(tooLong))
            .header("Authorization", bearer(alice))
            .exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Invalid selector")
            .jsonPath("$.term").doesNotExist()
            .jsonPath("$.detail").value(String.class,
                    (detail) -> assertThat(detail).contains("at most 300 characters, not 303"));
    }

    private void assertInvalidSelector(String user, String selector, String term, String mistake) {
        var body = this.client.get().uri((uri) -> uri.path("/devices").queryParam("selector", "{s}").build(selector))
            .header("Authorization", bearer(user))
            .exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Invalid selector")
            .jsonPath("$.field").isEqualTo("selector")
            .jsonPath("$.selector").isEqualTo(selector)
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail)
                .startsWith("selector '" + selector + "': ")
                .contains(mistake));
        if (term != null) {
            body.jsonPath("$.term").isEqualTo(term);
        }
        else {
            body.jsonPath("$.term").doesNotExist();
        }
    }

    private static void assertInvalidTags(RestTestClient.ResponseSpec response, String tag, String mistake) {
        response.expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Invalid tags")
            .jsonPath("$.field").isEqualTo("tags")
            .jsonPath("$.tag").isEqualTo(tag)
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail)
                .startsWith("tags: ")
                .contains("'" + tag + "'")
                .contains(mistake));
    }

    private List<Long> ids(String user, String selector) {
        return this.client.get().uri((uri) -> uri.path("/devices").queryParam("selector", "{s}").build(selector))
            .header("Authorization", bearer(user))
            .exchange()
            .expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<Device>>() { })
            .returnResult()
            .getResponseBody()
            .stream()
            .map(Device::id)
            .toList();
    }

    private Device register(String user, Map<String, String> tags) throws IOException {
        Map<String, Object> body = new HashMap<>();
        body.put("address", "127.0.0.1");
        body.put("port", closedPort());
        body.put("insecure", true);
        if (tags != null) {
            body.put("tags", tags);
        }
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

    private RestTestClient.ResponseSpec putTags(String user, long id, Map<String, ?> tags) {
        return this.client.put().uri("/devices/{id}/tags", id)
            .header("Authorization", bearer(user))
            .contentType(MediaType.APPLICATION_JSON)
            .body(tags)
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

    private static String user() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
