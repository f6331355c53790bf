package io.iotdeploy.machine.device;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The address rules as they are without any configuration: every special address class is refused at registration
 * (422, nothing stored) and, for a device that is in the database already, before a ping (403, not contacted).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class DeviceAddressRefusalTests {

    private final RestTestClient client;

    private final InternalTokens tokens;

    private final DeviceRepository repository;

    @Autowired
    DeviceAddressRefusalTests(RestTestClient client, InternalTokens tokens, DeviceRepository repository) {
        this.client = client;
        this.tokens = tokens;
        this.repository = repository;
    }

    @ParameterizedTest
    @CsvSource({ "127.0.0.1, loopback, 127.0.0.1", "127.8.9.10, loopback, 127.8.9.10", "::1, loopback, 0:0:0:0:0:0:0:1",
            "::ffff:127.0.0.1, loopback, 127.0.0.1", "localhost, loopback, 127.0.0.1",
            "0.0.0.0, unspecified, 0.0.0.0", "::, unspecified, 0:0:0:0:0:0:0:0",
            "169.254.169.254, cloud-metadata, 169.254.169.254", "fd00:ec2::254, cloud-metadata, fd00:ec2:0:0:0:0:0:254",
            "100.100.100.200, cloud-metadata, 100.100.100.200", "169.254.10.20, link-local, 169.254.10.20",
            "fe80::1, link-local, fe80:0:0:0:0:0:0:1", "224.0.0.251, multicast, 224.0.0.251",
            "ff02::1, multicast, ff02:0:0:0:0:0:0:1", "255.255.255.255, broadcast, 255.255.255.255",
            "240.1.2.3, reserved, 240.1.2.3", "::127.0.0.1, loopback, 127.0.0.1" })
    void registeringASpecialAddressIsRefused(String address, String rule, String refused) {
        String alice = user();
        post(alice, Map.of("address", address, "insecure", true))
            .expectStatus().isEqualTo(422)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Device address refused")
            .jsonPath("$.field").isEqualTo("address")
            .jsonPath("$.rule").isEqualTo(rule)
            .jsonPath("$.refusedAddress").isEqualTo(refused)
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail).startsWith(refused)
                .contains("the platform does not reach devices there"));
        assertThat(list(alice)).isEmpty();
    }

    /** The syntax check refuses most numeric tricks before the rules see them (which refuse them as well). */
    @ParameterizedTest
    @ValueSource(strings = { "2130706433", "0177.0.0.1", "127.1", "0x7f.0.0.1", "017700000001", "127.0.0.01" })
    void numericTricksAreNotAddresses(String address) {
        String alice = user();
        post(alice, Map.of("address", address))
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.field").isEqualTo("address");
        assertThat(list(alice)).isEmpty();
    }

    /** A valid DNS label to the syntax check, a hexadecimal 127.0.0.1 to some resolvers: the rules refuse it. */
    @Test
    void aHexadecimalAddressIsRefusedByTheRules() {
        String alice = user();
        post(alice, Map.of("address", "0x7f000001"))
            .expectStatus().isEqualTo(422)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.rule").isEqualTo("ambiguous-literal")
            .jsonPath("$.refusedAddress").isEqualTo("0x7f000001");
        assertThat(list(alice)).isEmpty();
    }

    @Test
    void thePlatformHostsOwnAddressIsRefusedOnThePlatformsPorts() throws SocketException {
        InetAddress own = ownNonLoopbackAddress();
        assumeThat(own).as("this host has a non-loopback IPv4 address").isNotNull();

        post(user(), Map.of("address", own.getHostAddress(), "port", 8085, "insecure", true))
            .expectStatus().isEqualTo(422)
            .expectBody()
            .jsonPath("$.rule").isEqualTo("platform-service")
            .jsonPath("$.port").isEqualTo(8085);
        post(user(), Map.of("address", own.getHostAddress(), "port", 5000, "insecure", true))
            .expectStatus().isEqualTo(422)
            .expectBody().jsonPath("$.rule").isEqualTo("platform-service");
    }

    @Test
    void aStoredDeviceWhoseAddressIsRefusedIsNotPinged() {
        String alice = user();
        // as if registered before the rules, or when an administrator still allowed loopback
        long id = this.repository.insert(alice, "old-pi", "127.0.0.1", 2375, true, Map.of(),
                EnginePing.failed(DeviceState.ONLINE), Instant.now());

        this.client.post().uri("/devices/{id}/ping", id).header("Authorization", bearer(alice))
            .exchange()
            .expectStatus().isForbidden()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Device address refused")
            .jsonPath("$.device").isEqualTo("old-pi")
            .jsonPath("$.address").isEqualTo("127.0.0.1")
            .jsonPath("$.step").isEqualTo("ping")
            .jsonPath("$.rule").isEqualTo("loopback")
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail)
                .startsWith("The platform did not contact device old-pi (127.0.0.1) for ping: 127.0.0.1 is a loopback"));

        List<Device> refreshed = this.client.get().uri("/devices?refresh=true").header("Authorization", bearer(alice))
            .exchange()
            .expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<Device>>() { })
            .returnResult().getResponseBody();
        assertThat(refreshed).extracting(Device::state).as("not pinged: as it was").containsExactly("online");
    }

    private static InetAddress ownNonLoopbackAddress() throws SocketException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return address;
                }
            }
        }
        return null;
    }

    private RestTestClient.ResponseSpec post(String user, Map<String, Object> body) {
        return this.client.post().uri("/devices")
            .header("Authorization", bearer(user))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange();
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
