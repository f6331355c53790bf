package io.iotdeploy.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/** With a policy that allows them, the settings go through the whole flow to deployment-service, as asked. */
@TestPropertySource(properties = { "iotdeploy.containers.policy.allow-privileged=true",
        "iotdeploy.containers.policy.allowed-capabilities=NET_ADMIN,SYS_TIME",
        "iotdeploy.containers.policy.allowed-devices=/dev/ttyUSB0,/dev/i2c-1",
        "iotdeploy.containers.policy.allowed-bind-paths=/srv/iot",
        "iotdeploy.containers.policy.allow-host-pid=true", "iotdeploy.containers.policy.allow-host-ipc=true",
        "iotdeploy.containers.policy.allowed-network-modes=bridge,host,iot-net" })
class ContainerPolicyAllowedGatewayTests extends GatewayTestSupport {

    @Test
    void theConfiguredPolicyIsPublishedNormalized() {
        this.client.get()
            .uri("/api/containers/policy")
            .headers(GatewayTestSupport::asAlice)
            .exchange()
            .expectStatus().isOk()
            .expectBody().json("""
                    {"allowPrivileged": true, "allowedCapabilities": ["NET_ADMIN", "SYS_TIME"],
                     "allowedDevices": ["/dev/ttyUSB0", "/dev/i2c-1"], "allowedBindPaths": ["/srv/iot"],
                     "allowHostPid": true, "allowHostIpc": true,
                     "allowedNetworkModes": ["bridge", "host", "iot-net"]}""", JsonCompareMode.STRICT);
    }

    @Test
    void allowedSettingsReachDeploymentService() throws Exception {
        MACHINE.answerJson("GET", "/devices", 200,
                "[" + DeployFlowTests.device(1, "dev1", "10.77.0.11", "online", "linux/amd64") + "]");
        DeployFlowTests.builds(BUILDER_AMD64, "linux/amd64");
        DeployFlowTests.deploys(1);
        MultiValueMap<String, Object> form = DeployFlowTests.form("sensor");
        form.set("networkConfig", "iot-net");
        form.add("privileged", "true");
        form.add("capAdd", "net_admin\nCAP_SYS_TIME");
        form.add("devices", "/dev/ttyUSB0, /dev/i2c-1:/dev/i2c:rw");
        form.add("binds", "/srv/iot/sensor:/data\n/srv/iot/config:/config:ro");
        form.add("hostPid", "true");
        form.add("hostIpc", "true");

        this.client.post()
            .uri("/upload")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(form)
            .exchange()
            .expectStatus().isCreated();

        JsonNode request = JSON.readTree(DEPLOYMENT.only("POST", "/devices/1/deployments").body());
        assertThat(request.path("networkMode").asString()).isEqualTo("iot-net");
        assertThat(request.path("privileged").asBoolean()).isTrue();
        assertThat(request.path("capAdd").toString()).isEqualTo("[\"NET_ADMIN\",\"SYS_TIME\"]");
        assertThat(request.path("devices").toString())
            .isEqualTo("[\"/dev/ttyUSB0:/dev/ttyUSB0:rwm\",\"/dev/i2c-1:/dev/i2c:rw\"]");
        assertThat(request.path("binds").toString())
            .isEqualTo("[\"/srv/iot/sensor:/data:rw\",\"/srv/iot/config:/config:ro\"]");
        assertThat(request.path("hostPid").asBoolean()).isTrue();
        assertThat(request.path("hostIpc").asBoolean()).isTrue();
    }

    @Test
    void whatThePolicyDoesNotListIsStillRefused() {
        MultiValueMap<String, Object> form = DeployFlowTests.form("sensor");
        form.add("binds", "/srv/iot2:/data");
        form.add("devices", "/dev/mem");
        this.client.post()
            .uri("/upload")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(form)
            .exchange()
            .expectStatus().isForbidden()
            .expectBody()
            .jsonPath("$.violations.length()").isEqualTo(2);
        assertThat(ORDER).containsExactly("auth-service POST /credentials/verify");
    }

}
