package io.iotdeploy.system.security;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device onboarded as a person onboards a Raspberry Pi: registered (offline: it has no TLS yet), its TLS bundle
 * downloaded through the gateway, the bundle's install.sh run on the device and its engine restarted with the
 * settings it wrote ({@code ./iotdeploy device start NAME --tls-bundle FILE}); then the platform reaches it with
 * mutual TLS, and only for her: the certificate names its owner, so another user's registration of the same
 * address gets no answer. A device that presents the certificate of another device's bundle is not accepted.
 */
class DeviceOnboardingIntegrationTests {

    /** Simulated devices the launcher does not start by itself (it starts dev1, dev2). */
    private static final String DEVICE = "dev9";

    private static final String IMPOSTOR = "dev8";

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestGateway olga;

    @BeforeAll
    static void user() throws Exception {
        world = TestWorld.load();
        olga = TestGateway.asAdmin().user("olga");
    }

    @AfterAll
    static void stopDevices() {
        for (String name : new String[] { DEVICE, IMPOSTOR }) {
            try {
                world.launcher("device", "stop", name);
            }
            catch (IllegalStateException ex) {
                // never started
            }
        }
    }

    @Test
    void aDeviceSetUpWithItsBundleIsReachedWithMutualTls() throws Exception {
        long id = olga.deviceId(address(DEVICE), 2376);
        TestGateway.Response before = olga.get("/api/devices/" + id);
        assertThat(before.json().get("state").asString()).as(before.toString()).isEqualTo("offline");
        assertThat(before.json().get("insecure").asBoolean()).isFalse();

        Path bundle = download(olga, id, "bundle-" + DEVICE + ".tar.gz");
        world.launcher("device", "start", DEVICE, "--tls-bundle", bundle.toString());

        TestGateway.Response after = olga.post("/api/devices/" + id + "/ping");
        assertThat(after.status()).as(after.toString()).isEqualTo(200);
        assertThat(after.json().get("state").asString()).as(after.toString()).isEqualTo("online");
        assertThat(after.json().get("architecture").asString()).isEqualTo("x86_64");
        TestGateway.Response containers = olga.get("/api/devices/" + id + "/containers");
        assertThat(containers.status()).as(containers.toString()).isEqualTo(200);
        assertThat(olga.get("/api/devices/" + id).json().toString()).contains("tlsCertificate");

        // the device's certificate names olga as its owner: someone else registering its address gets nothing
        TestGateway ivy = TestGateway.asAdmin().user("ivy");
        long ivys = ivy.deviceId(address(DEVICE), 2376);
        TestGateway.Response refused = ivy.post("/api/devices/" + ivys + "/ping");
        assertThat(refused.json().get("state").asString()).as(refused.toString()).isEqualTo("offline");
        HostileInputs.record(getClass(), "another user's registration of an onboarded device", "offline");
        HostileInputs.refused(getClass(), "another user listing the containers of an onboarded device",
                ivy.get("/api/devices/" + ivys + "/containers"), 502);
        HostileInputs.refused(getClass(), "another user deploying to an onboarded device",
                ivy.upload("/api/devices/" + ivys + "/deployments", TestGateway.form("networkConfig", "bridge",
                        "containerName", "ivys_app", "imageName", "base/java:17", "file",
                        TestApps.helloServerJar(dir, "ivy's app"))), 502);
        assertThat(olga.post("/api/devices/" + id + "/ping").json().get("state").asString()).isEqualTo("online");
    }

    @Test
    void aDeviceShowingAnotherDevicesCertificateIsNotAccepted() throws Exception {
        long genuine = olga.deviceId("10.77.0.29", 2376);
        Path stolen = download(olga, genuine, "bundle-other.tar.gz");
        long impostor = olga.deviceId(address(IMPOSTOR), 2376);
        world.launcher("device", "start", IMPOSTOR, "--tls-bundle", stolen.toString());

        TestGateway.Response ping = olga.post("/api/devices/" + impostor + "/ping");
        assertThat(ping.json().get("state").asString()).as(ping.toString()).isNotEqualTo("online");
        HostileInputs.record(getClass(), "a device presenting the certificate of another address", "not online");
        TestGateway.Response containers = olga.get("/api/devices/" + impostor + "/containers");
        HostileInputs.refused(getClass(), "containers of a device presenting another address' certificate", containers,
                502, 504);
    }

    private static String address(String device) {
        return "10.77.0." + (10 + Integer.parseInt(device.substring(3)));
    }

    private static Path download(TestGateway user, long id, String file) throws Exception {
        HttpResponse<Path> bundle = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
            .send(user.request("/api/devices/" + id + "/tls-bundle").GET().build(),
                    HttpResponse.BodyHandlers.ofFile(dir.resolve(file)));
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).contains("gzip"));
        assertThat(bundle.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                (disposition) -> assertThat(disposition).contains("attachment").contains(".tar.gz"));
        return bundle.body();
    }

}
