package io.iotdeploy.deployment.container;

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
 * With a policy that allows them, the same settings pass deployment-service's check and the deployment goes on
 * to the device lookup (machine-service is a closed port here: 502 in the {@code device lookup} step).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "iotdeploy.device-client.machine-service-url=http://127.0.0.1:1",
        "iotdeploy.containers.policy.allow-privileged=true",
        "iotdeploy.containers.policy.allowed-capabilities=SYS_ADMIN",
        "iotdeploy.containers.policy.allowed-devices=/dev/ttyUSB0",
        "iotdeploy.containers.policy.allowed-bind-paths=/srv/iot",
        "iotdeploy.containers.policy.allow-host-pid=true",
        "iotdeploy.containers.policy.allow-host-ipc=true",
        "iotdeploy.containers.policy.allowed-network-modes=bridge,host,none,iot-net" })
@AutoConfigureRestTestClient
class DeploymentPolicyAllowedTests {

    private final RestTestClient client;

    private final String token;

    @Autowired
    DeploymentPolicyAllowedTests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.token = tokens.issue("alice", false);
    }

    @Test
    void settingsThePolicyAllowsGoOnToTheDevice() {
        for (Map<String, Object> settings : List.<Map<String, Object>>of(Map.of("privileged", true),
                Map.of("capAdd", List.of("sys_admin")), Map.of("devices", List.of("/dev/ttyUSB0:/dev/serial:rw")),
                Map.of("binds", List.of("/srv/iot/sensor:/data")), Map.of("hostPid", true, "hostIpc", true),
                Map.of("networkMode", "none"), Map.of("networkMode", "iot-net", "ports", List.of("8080:8000")))) {
            this.client.post()
                .uri("/devices/1/deployments")
                .headers((headers) -> headers.setBearerAuth(this.token))
                .contentType(MediaType.APPLICATION_JSON)
                .body(DeploymentPolicyTests.deployment(settings))
                .exchange()
                .expectStatus().isEqualTo(502)
                .expectBody().jsonPath("$.step").isEqualTo("device lookup");
        }
    }

    @Test
    void whatThePolicyDoesNotListIsStillRefused() {
        this.client.post()
            .uri("/devices/1/deployments")
            .headers((headers) -> headers.setBearerAuth(this.token))
            .contentType(MediaType.APPLICATION_JSON)
            .body(DeploymentPolicyTests.deployment(Map.of("binds", List.of("/srv/iot2:/data"),
                    "devices", List.of("/dev/mem"))))
            .exchange()
            .expectStatus().isForbidden()
            .expectBody()
            .jsonPath("$.violations.length()").isEqualTo(2)
            .jsonPath("$.violations[0].field").isEqualTo("devices")
            .jsonPath("$.violations[1].field").isEqualTo("binds");
    }

}
