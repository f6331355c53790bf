package io.iotdeploy.deployment;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import com.github.dockerjava.api.DockerClient;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's registry is configured where none listens (the world's registry host, an unused port): the
 * device's pull fails, and the deployment fails at the pull without creating anything.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "deployment-service.private-registry=" + RegistryDownIntegrationTests.DOWN)
@AutoConfigureRestTestClient
@Import(WorldDevices.class)
class RegistryDownIntegrationTests {

    /** The private registry's password as ./iotdeploy made it for the world (the service reads it from there). */
    @DynamicPropertySource
    static void registryLogin(DynamicPropertyRegistry properties) {
        properties.add("deployment-service.registry-login.password-file",
                () -> TestWorld.load().secretFile("registry-device.password").toString());
    }

    static final String DOWN = "10.77.0.1:5999";

    private final RestTestClient client;

    private final String token;

    @Autowired
    RegistryDownIntegrationTests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.token = tokens.issue("alice", false);
    }

    @Test
    void aRegistryThatIsDownFailsThePullAsABadGatewayAndCreatesNothing() throws IOException {
        String name = "dit-down-" + UUID.randomUUID().toString().substring(0, 8);
        String image = DOWN + "/alice/app:1";

        this.client.post().uri("/devices/1/deployments")
            .headers((headers) -> headers.setBearerAuth(this.token))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("image", image, "containerName", name))
            .exchange()
            .expectStatus().isEqualTo(502)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.step").isEqualTo("pull")
            .jsonPath("$.image").isEqualTo(image)
            .jsonPath("$.device").isEqualTo("dev1")
            .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail).contains(DOWN).contains("refused"));

        TestWorld world = TestWorld.load();
        try (DockerClient docker = world.control(world.device(0))) {
            assertThat(docker.listContainersCmd().withShowAll(true).exec())
                .noneSatisfy((container) -> assertThat(container.getNames()).contains("/" + name));
        }
    }

}
