package io.iotdeploy.machine.device;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.iotdeploy.device.TestWorld;
import io.iotdeploy.machine.MachineServiceApplication;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as it runs in production (only the main application.yml, HSQLDB in file mode under
 * {@code IOTDEPLOY_STATE}): a device registered before a restart is there after it, with its facts.
 */
class DevicePersistenceIntegrationTests {

    private static final String SECRET = "machine-service-persistence-test-secret-0123";

    @Test
    void devicesSurviveARestart(@TempDir Path state) {
        TestWorld world = TestWorld.load();
        TestWorld.Device dev1 = world.device(0);
        Device registered;
        try (ConfigurableApplicationContext service = start(state, world)) {
            registered = client(service).post().uri("/devices")
                .header("Authorization", bearer(service, "alice"))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("address", dev1.address(), "port", dev1.apiPort(), "insecure", !dev1.tls()))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Device.class).returnResult().getResponseBody();
        }
        assertThat(registered.state()).isEqualTo("online");
        assertThat(state.resolve("data/machine/machine.script")).isRegularFile();

        try (ConfigurableApplicationContext service = start(state, world)) {
            List<Device> devices = client(service).get().uri("/devices")
                .header("Authorization", bearer(service, "alice"))
                .exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Device>>() { })
                .returnResult().getResponseBody();
            assertThat(devices).containsExactly(registered);

            Device another = client(service).post().uri("/devices")
                .header("Authorization", bearer(service, "alice"))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("address", world.device(1).address(), "port", world.device(1).apiPort(), "insecure",
                        !world.device(1).tls()))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Device.class).returnResult().getResponseBody();
            assertThat(another.id()).as("ids are never reused").isGreaterThan(registered.id());
        }
    }

    private static ConfigurableApplicationContext start(Path state, TestWorld world) {
        return new SpringApplicationBuilder(MachineServiceApplication.class).run(
                // only the production configuration: not the tests' in-memory database
                "--spring.config.location=classpath:/application.yml",
                "--IOTDEPLOY_STATE=" + state,
                // the world's devices answer only the platform's client certificate, which is in the world's state
                "--iotdeploy.devices.tls.client-dir=" + world.pkiDir().resolve("client"),
                "--server.port=0",
                "--iotdeploy.internal-token.secret=" + SECRET);
    }

    private static RestTestClient client(ConfigurableApplicationContext service) {
        String port = service.getEnvironment().getProperty("local.server.port");
        return RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    private static String bearer(ConfigurableApplicationContext service, String user) {
        return "Bearer " + service.getBean(InternalTokens.class).issue(user, false);
    }

}
