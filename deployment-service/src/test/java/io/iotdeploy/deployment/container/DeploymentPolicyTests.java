package io.iotdeploy.deployment.container;

import java.util.LinkedHashMap;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deployment-service enforces the container policy itself: a caller with a valid internal token (not only the
 * gateway) gets no setting the policy does not allow. machine-service is a closed port here, so a request that got
 * past the policy would be answered 502 by the device lookup: a 403 or 400 shows that no device was asked.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "iotdeploy.device-client.machine-service-url=http://127.0.0.1:1")
@AutoConfigureRestTestClient
class DeploymentPolicyTests {

    static final String IMAGE = "10.77.0.1:5000/alice/sensor:1a2b";

    private final RestTestClient client;

    private final String token;

    @Autowired
    DeploymentPolicyTests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.token = tokens.issue("alice", true);
    }

    @Test
    void eachForbiddenSettingIsRefusedWith403BeforeAnyDeviceIsAsked() {
        assertForbidden(Map.of("privileged", true), "privileged", "privileged mode");
        assertForbidden(Map.of("capAdd", List.of("SYS_ADMIN")), "capAdd", "capability SYS_ADMIN");
        assertForbidden(Map.of("devices", List.of("/dev/ttyUSB0")), "devices", "device /dev/ttyUSB0");
        assertForbidden(Map.of("binds", List.of("/etc:/host-etc:ro")), "binds", "host path /etc");
        assertForbidden(Map.of("hostPid", true), "hostPid", "PID namespace");
        assertForbidden(Map.of("hostIpc", true), "hostIpc", "IPC namespace");
        assertForbidden(Map.of("networkMode", "none"), "networkMode", "network mode 'none'");
        assertForbidden(Map.of("networkMode", "container:other"), "networkMode", "network mode 'container:other'");
        assertForbidden(Map.of("networkMode", "iot-net"), "networkMode", "network mode 'iot-net'");
    }

    @Test
    void aSmuggledEngineFieldIsRefusedNotIgnored() {
        for (String field : List.of("HostConfig", "Privileged", "capabilities", "pidMode")) {
            Map<String, Object> body = deployment(Map.of(field, Map.of("Privileged", true)));
            post(body).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Invalid deployment")
                .jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail)
                    .contains("'" + field + "' is not a field of a deployment"));
        }
    }

    @Test
    void theThesisSettingsPassThePolicyAndGoOnToTheDevice() {
        post(deployment(Map.of("networkMode", "host"))).expectStatus().isEqualTo(502)
            .expectBody().jsonPath("$.step").isEqualTo("device lookup");
    }

    private void assertForbidden(Map<String, Object> settings, String field, String detail) {
        post(deployment(settings)).expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Container setting not allowed")
            .jsonPath("$.field").isEqualTo(field)
            .jsonPath("$.step").isEqualTo("deploy")
            .jsonPath("$.deviceId").isEqualTo(1)
            .jsonPath("$.violations[0].field").isEqualTo(field)
            .jsonPath("$.detail").value(String.class, (text) -> assertThat(text).contains(detail)
                .contains("iotdeploy.containers.policy."));
    }

    static Map<String, Object> deployment(Map<String, Object> settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", IMAGE);
        body.put("containerName", "sensor");
        body.putAll(settings);
        return body;
    }

    private RestTestClient.ResponseSpec post(Map<String, Object> body) {
        return this.client.post()
            .uri("/devices/1/deployments")
            .headers((headers) -> headers.setBearerAuth(this.token))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange();
    }

}
