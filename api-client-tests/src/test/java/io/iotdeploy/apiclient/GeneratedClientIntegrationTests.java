package io.iotdeploy.apiclient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.iotdeploy.apiclient.generated.ApiClient;
import io.iotdeploy.apiclient.generated.ApiException;
import io.iotdeploy.apiclient.generated.api.IotDeployApi;
import io.iotdeploy.apiclient.generated.model.CreatedApiToken;
import io.iotdeploy.apiclient.generated.model.DesiredDeploymentRequest;
import io.iotdeploy.apiclient.generated.model.DesiredDeploymentResponse;
import io.iotdeploy.apiclient.generated.model.Device;
import io.iotdeploy.apiclient.generated.model.DeviceEntry;
import io.iotdeploy.apiclient.generated.model.DeviceRequest;
import io.iotdeploy.apiclient.generated.model.FleetDeployResponse;
import io.iotdeploy.apiclient.generated.model.GroupRequest;
import io.iotdeploy.apiclient.generated.model.NewApiTokenRequest;
import io.iotdeploy.apiclient.generated.model.Placement;
import io.iotdeploy.apiclient.generated.model.Target;
import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a stranger's pipeline does with nothing but the gateway's {@code /v3/api-docs}: openapi-generator made the
 * client at build time from the running gateway (this module's pom); with it, an API token, the devices, their tags,
 * a group, a release of an uploaded jar, its deployment to the group and each device's state until it runs.
 */
class GeneratedClientIntegrationTests {

    private static final String USER = "api_client";

    private static final String APP = "client_" + Long.toString(System.currentTimeMillis(), 36);

    private static final Duration CONVERGED = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    @Test
    void aGeneratedClientMakesAReleaseDeploysItToAGroupAndReadsEachDevicesState() throws Exception {
        TestWorld world = TestWorld.load();
        TestGateway account = TestGateway.asAdmin().user(USER);
        URI gateway = URI.create(System.getenv().getOrDefault("IOTDEPLOY_GATEWAY", "http://127.0.0.1:8080"));

        // an API token, made with the user's password (HTTP Basic), as a pipeline's setup would
        String basic = Base64.getEncoder()
            .encodeToString((account.user() + ":" + account.password()).getBytes(StandardCharsets.UTF_8));
        CreatedApiToken token = api(gateway, "Basic " + basic)
            .createApiToken(new NewApiTokenRequest().name(APP));
        IotDeployApi api = api(gateway, "Bearer " + token.getToken());

        List<Long> ids = new ArrayList<>();
        for (TestWorld.Device device : world.devices().subList(0, 2)) {
            List<Device> known = api.listDevices(device.address(), false, null);
            Device registered = known.isEmpty()
                    ? api.registerDevice(new DeviceRequest().address(device.address()).port(device.apiPort()))
                    : known.get(0);
            api.replaceDeviceTags(registered.getId(), Map.of("site", APP));
            ids.add(registered.getId());
        }
        assertThat(api.listDevices(null, false, "site=" + APP)).extracting(Device::getId)
            .containsExactlyInAnyOrderElementsOf(ids);
        String group = APP.replace('_', '-');
        api.createGroup(new GroupRequest().name(group).selector("site=" + APP));

        // a release without a target: built and kept, deployed below
        Path jar = TestApps.helloServerJar(dir.resolve("v1"), "generated client " + APP);
        FleetDeployResponse made = api.uploadRelease(APP, "bridge", APP, "base/java:17", jar.toFile(), null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, "from a generated client",
                null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(made.getRelease().getNumber()).isEqualTo(1);
        assertThat(made.getRelease().getCreated()).isTrue();

        DesiredDeploymentResponse deployment = api.createDeployment(APP, new DesiredDeploymentRequest().release(1)
            .target(new Target().group(group))
            .state("running"));
        long deadline = System.nanoTime() + CONVERGED.toNanos();
        while (!allIn(deployment, "running", ids.size()) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            deployment = api.getDeployment(APP, deployment.getId());
        }
        assertThat(deployment.getDevices()).extracting(DeviceEntry::getState).as(deployment.toString())
            .containsOnly("running")
            .hasSize(2);
        assertThat(api.listApplicationDevices(APP)).extracting(Placement::getRelease).containsOnly(1).hasSize(2);

        // and gone again, through the same client
        DesiredDeploymentResponse removal = api.createDeployment(APP,
                new DesiredDeploymentRequest().target(new Target().group(group)).state("removed").abort(true));
        deadline = System.nanoTime() + CONVERGED.toNanos();
        while (!allIn(removal, "removed", ids.size()) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            removal = api.getDeployment(APP, removal.getId());
        }
        assertThat(removal.getDevices()).extracting(DeviceEntry::getState).containsOnly("removed");
        api.deleteGroup(group);
        try {
            api.getGroup(group);
            throw new AssertionError("the group is still there");
        }
        catch (ApiException gone) {
            assertThat(gone.getCode()).isEqualTo(404);
            assertThat(gone.getResponseBody()).contains(group);
        }
    }

    private static IotDeployApi api(URI gateway, String authorization) {
        ApiClient client = new ApiClient();
        client.setScheme(gateway.getScheme());
        client.setHost(gateway.getHost());
        client.setPort(gateway.getPort());
        client.setBasePath("");
        client.setReadTimeout(Duration.ofMinutes(5));
        client.setRequestInterceptor((request) -> request.header("Authorization", authorization));
        return new IotDeployApi(client);
    }

    private static boolean allIn(DesiredDeploymentResponse deployment, String state, int devices) {
        return deployment.getDevices() != null && deployment.getDevices().size() == devices
                && deployment.getDevices().stream().allMatch((entry) -> state.equals(entry.getState()));
    }

}
