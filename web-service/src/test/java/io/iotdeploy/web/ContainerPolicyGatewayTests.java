package io.iotdeploy.web;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway refuses container settings the administrator's policy (here the default, strict one) does not
 * allow, first of all: the only service asked is auth-service, for the caller's credentials; no device is looked
 * up, nothing is built, pushed or deployed.
 */
class ContainerPolicyGatewayTests extends GatewayTestSupport {

    @Test
    void theStrictPolicyIsPublishedToSignedInUsers() {
        this.client.get().uri("/api/containers/policy").exchange().expectStatus().isUnauthorized();
        this.client.get()
            .uri("/api/containers/policy")
            .headers(GatewayTestSupport::asAlice)
            .exchange()
            .expectStatus().isOk()
            .expectBody().json("""
                    {"allowPrivileged": false, "allowedCapabilities": [], "allowedDevices": [],
                     "allowedBindPaths": [], "allowHostPid": false, "allowHostIpc": false,
                     "allowedNetworkModes": ["host", "bridge"]}""", JsonCompareMode.STRICT);
    }

    @Test
    void eachForbiddenSettingIsA403BeforeAnyServiceIsAsked() {
        assertForbidden(Map.of("privileged", "true"), "privileged", "privileged mode");
        assertForbidden(Map.of("capAdd", "NET_ADMIN"), "capAdd", "capability NET_ADMIN");
        assertForbidden(Map.of("devices", "/dev/ttyUSB0"), "devices", "device /dev/ttyUSB0");
        assertForbidden(Map.of("devices", "/dev/i2c-1:/dev/i2c-1:rw"), "devices", "device /dev/i2c-1");
        assertForbidden(Map.of("binds", "/etc:/host-etc:ro"), "binds", "host path /etc");
        assertForbidden(Map.of("binds", "/:/host"), "binds", "host path /");
        assertForbidden(Map.of("hostPid", "true"), "hostPid", "PID namespace");
        assertForbidden(Map.of("hostIpc", "true"), "hostIpc", "IPC namespace");
        assertForbidden(Map.of("networkConfig", "none"), "networkConfig", "network mode 'none'");
        assertForbidden(Map.of("networkConfig", "container:other"), "networkConfig",
                "network mode 'container:other'");
        assertForbidden(Map.of("networkConfig", "iot-net"), "networkConfig", "network mode 'iot-net'");
    }

    @Test
    void theRestTwinRefusesThemTooNamingTheDeviceAsAsked() {
        MultiValueMap<String, Object> form = DeployFlowTests.form("sensor");
        form.remove("ip");
        form.add("privileged", "true");
        form.add("capAdd", "SYS_ADMIN, SYS_MODULE");
        this.client.post()
            .uri("/api/devices/7/deployments")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(form)
            .exchange()
            .expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.field").isEqualTo("privileged")
            .jsonPath("$.device").isEqualTo("7")
            .jsonPath("$.violations.length()").isEqualTo(3)
            .jsonPath("$.violations[1].requested").isEqualTo("SYS_ADMIN")
            .jsonPath("$.violations[1].allowed").isEqualTo("[]");
        assertThat(ORDER).containsExactly("auth-service POST /credentials/verify");
    }

    @Test
    void aFieldTheFormDoesNotHaveIsRefusedNotIgnored() {
        for (String field : new String[] { "HostConfig", "Privileged", "cap_add", "pidMode" }) {
            MultiValueMap<String, Object> form = DeployFlowTests.form("sensor");
            form.add(field, "{\"Privileged\":true}");
            upload(form).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.field").isEqualTo(field)
                .jsonPath("$.detail").value((String detail) -> assertThat(detail)
                    .startsWith("'" + field + "' is not a field of the deploy form"));
        }
        this.client.post()
            .uri("/upload?HostConfig=x")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(DeployFlowTests.form("sensor"))
            .exchange()
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.field").isEqualTo("HostConfig");
        assertThat(MACHINE.received()).isEmpty();
        assertThat(BUILDER_AMD64.received()).isEmpty();
        assertThat(DEPLOYMENT.received()).isEmpty();
    }

    @Test
    void aMalformedSettingIsA400NamingItsField() {
        assertMalformed("binds", "/srv/../etc:/etc", "'..' segment");
        assertMalformed("binds", "data:/data", "named volumes");
        assertMalformed("devices", "/etc/shadow", "below /dev/");
        assertMalformed("capAdd", "NET ADMIN", "not a capability name");
        assertMalformed("networkConfig", "container:", "networkConfig 'container:'");
        assertThat(MACHINE.received()).isEmpty();
    }

    private void assertForbidden(Map<String, String> settings, String field, String detail) {
        ORDER.clear();
        MultiValueMap<String, Object> form = DeployFlowTests.form("sensor");
        settings.forEach(form::set);
        upload(form).expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Container setting not allowed")
            .jsonPath("$.field").isEqualTo(field)
            .jsonPath("$.step").isEqualTo("upload")
            .jsonPath("$.device").isEqualTo("10.77.0.11")
            .jsonPath("$.detail").value((String text) -> assertThat(text).contains(detail)
                .contains("iotdeploy.containers.policy."));
        // the caller's credentials are verified once and then remembered: auth-service at most
        assertThat(ORDER).as(settings.toString()).allSatisfy((call) -> assertThat(call).startsWith("auth-service "));
    }

    private void assertMalformed(String field, String value, String detail) {
        MultiValueMap<String, Object> form = DeployFlowTests.form("sensor");
        form.set(field, value);
        upload(form).expectStatus().isBadRequest()
            .expectBody()
            .jsonPath("$.field").isEqualTo(field)
            .jsonPath("$.step").isEqualTo("upload")
            .jsonPath("$.detail").value((String text) -> assertThat(text).contains(detail));
    }

    private RestTestClient.ResponseSpec upload(MultiValueMap<String, Object> form) {
        return this.client.post()
            .uri("/upload")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(form)
            .exchange();
    }

}
