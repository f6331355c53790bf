package io.iotdeploy.system.security;

import java.util.LinkedHashMap;
import java.util.Map;

import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device's address must not point the platform at itself or at special networks (SSRF): each class is refused
 * at registration through the gateway, with a problem naming the address, and nothing is stored.
 */
class DeviceAddressIntegrationTests {

    static TestWorld world;

    static TestGateway sam;

    @BeforeAll
    static void user() throws Exception {
        world = TestWorld.load();
        sam = TestGateway.asAdmin().user("sam");
    }

    @Test
    void everyAddressClassThatPointsIntoThePlatformOrSpecialNetworksIsRefused() throws Exception {
        String host = world.privateRegistry().split(":")[0];
        Map<String, Object[]> refused = new LinkedHashMap<>();
        refused.put("loopback", new Object[] { "127.0.0.1", 2376 });
        refused.put("loopback, another address of 127/8", new Object[] { "127.1.2.3", 2376 });
        refused.put("loopback IPv6", new Object[] { "::1", 2376 });
        refused.put("loopback by name", new Object[] { "localhost", 2376 });
        refused.put("unspecified", new Object[] { "0.0.0.0", 2376 });
        refused.put("unspecified IPv6", new Object[] { "::", 2376 });
        refused.put("link-local", new Object[] { "169.254.1.1", 2376 });
        refused.put("cloud metadata", new Object[] { "169.254.169.254", 80 });
        refused.put("cloud metadata IPv6", new Object[] { "fd00:ec2::254", 80 });
        refused.put("cloud metadata (Alibaba)", new Object[] { "100.100.100.200", 80 });
        refused.put("link-local IPv6", new Object[] { "fe80::1", 2376 });
        refused.put("multicast", new Object[] { "224.0.0.1", 2376 });
        refused.put("broadcast", new Object[] { "255.255.255.255", 2376 });
        refused.put("loopback in IPv4-mapped IPv6", new Object[] { "::ffff:127.0.0.1", 2376 });
        refused.put("metadata in IPv4-mapped IPv6", new Object[] { "::ffff:169.254.169.254", 80 });
        refused.put("loopback as one decimal number", new Object[] { "2130706433", 2376 });
        refused.put("loopback in octal", new Object[] { "0177.0.0.1", 2376 });
        refused.put("loopback in hex", new Object[] { "0x7f000001", 2376 });
        refused.put("the gateway on the platform host", new Object[] { host, 8080 });
        refused.put("auth-service on the platform host", new Object[] { host, 8081 });
        refused.put("deployment-service on the platform host", new Object[] { host, 8085 });
        refused.put("the private registry", new Object[] { host, 5000 });
        refused.put("the upstream registry", new Object[] { host, 5001 });
        for (Map.Entry<String, Object[]> address : refused.entrySet()) {
            Object[] value = address.getValue();
            TestGateway.Response response = HostileInputs.refused(getClass(), "device address: " + address.getKey()
                    + " (" + value[0] + ":" + value[1] + ")",
                    sam.post("/api/devices", Map.of("address", value[0], "port", value[1])), 400, 422);
            assertThat(response.body()).as(response.toString()).containsAnyOf(String.valueOf(value[0]), "address");
        }
        TestGateway.Response devices = sam.get("/api/devices");
        assertThat(devices.json()).as(devices.toString()).isEmpty();
    }

    @Test
    void aRealDeviceOnTheLanIsFine() throws Exception {
        TestWorld.Device device = world.device(0);
        TestGateway.Response registered = sam.post("/api/devices",
                Map.of("address", device.address(), "port", device.apiPort()));
        assertThat(registered.status()).as(registered.toString()).isIn(201, 409);
        TestGateway.Response devices = sam.get("/api/devices");
        assertThat(devices.body()).contains(device.address());
        long id = devices.json().get(0).get("id").asLong();
        TestGateway.Response ping = sam.post("/api/devices/" + id + "/ping");
        assertThat(ping.json().get("state").asString()).as(ping.toString()).isEqualTo("online");
        assertThat(ping.json().get("insecure").asBoolean()).isFalse();
        assertThat(sam.delete("/api/devices/" + id).status()).isEqualTo(204);
    }

}
