package io.iotdeploy.deployment;

import java.util.List;
import java.util.Map;

import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The service without devices: what it answers before it needs one. machine-service is pointed at a closed
 * port, so a request that gets as far as the device lookup shows how that failure is answered.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "iotdeploy.device-client.machine-service-url=http://127.0.0.1:1")
@AutoConfigureRestTestClient
class DeploymentServiceApplicationTests {

    private final RestTestClient client;

    private final String token;

    @Autowired
    DeploymentServiceApplicationTests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.token = tokens.issue("alice", false);
    }

    @Test
    void healthIsUp() {
        this.client.get()
            .uri("/actuator/health")
            .exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void withoutTheGatewaysTokenNothingIsAnswered() {
        this.client.get()
            .uri("/devices/1/containers")
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anInvalidDeploymentIsRefusedBeforeAnyDeviceIsAsked() {
        this.client.post()
            .uri("/devices/1/deployments")
            .headers((headers) -> headers.setBearerAuth(this.token))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("image", "docker.io/library/nginx:latest", "containerName", "web", "networkMode", "mac vlan",
                    "ports", List.of("80:80"), "env", List.of("A B=c")))
            .exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Invalid deployment")
            .jsonPath("$.errors.length()").isEqualTo(3)
            .jsonPath("$.detail").value(String.class, (detail) -> org.assertj.core.api.Assertions.assertThat(detail)
                .contains("10.77.0.1:5000").contains("mac vlan").contains("A B=c"));
    }

    @Test
    void aMalformedBodyIsAProblemToo() {
        this.client.post()
            .uri("/devices/1/deployments")
            .headers((headers) -> headers.setBearerAuth(this.token))
            .contentType(MediaType.APPLICATION_JSON)
            .body("{not json")
            .exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anUnknownActionIsRefused() {
        this.client.post()
            .uri("/devices/1/containers/web/explode")
            .headers((headers) -> headers.setBearerAuth(this.token))
            .exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail").value(String.class, (detail) -> org.assertj.core.api.Assertions.assertThat(detail)
                .contains("explode").contains("start, stop, pause, unpause, restart"));
    }

    @Test
    void whenMachineServiceIsDownTheLookupFailsAsABadGateway() {
        this.client.get()
            .uri("/devices/1/containers")
            .headers((headers) -> headers.setBearerAuth(this.token))
            .exchange()
            .expectStatus().isEqualTo(502)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Device lookup failed")
            .jsonPath("$.step").isEqualTo("device lookup");
    }

}
