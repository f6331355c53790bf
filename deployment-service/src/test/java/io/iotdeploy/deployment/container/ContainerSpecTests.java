package io.iotdeploy.deployment.container;

import java.util.List;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import org.junit.jupiter.api.Test;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The checked settings, as the engine receives them: docker-java's {@link HostConfig}. */
class ContainerSpecTests {

    private static final String REGISTRY = "10.77.0.1:5000";

    @Test
    void theThesisSettingsGiveAContainerNothingOfTheDevice() {
        HostConfig host = spec(new DeploymentRequest(REGISTRY + "/a/b:1", "app", "bridge", List.of("8080:8000"),
                List.of(), null, null)).hostConfig();

        assertThat(host.getNetworkMode()).isEqualTo("bridge");
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getCapAdd()).isNullOrEmpty();
        assertThat(host.getDevices()).isNullOrEmpty();
        assertThat(host.getBinds()).isNullOrEmpty();
        assertThat(host.getPidMode()).isNull();
        assertThat(host.getIpcMode()).isNull();
        assertThat(host.getPortBindings().getBindings()).hasSize(1);
    }

    @Test
    void allowedSettingsReachTheHostConfig() {
        HostConfig host = spec(new DeploymentRequest(REGISTRY + "/a/b:1", "app", "iot-net", List.of("8080:8000"),
                List.of(), null, null, true, List.of("net_admin", "CAP_SYS_TIME"),
                List.of("/dev/ttyUSB0", "/dev/i2c-1:/dev/i2c:rw"), List.of("/srv/iot/data:/data",
                        "/srv/iot/config:/config:ro"), true, true, null, null, null, null, null, null, null))
            .hostConfig();

        assertThat(host.getNetworkMode()).isEqualTo("iot-net");
        assertThat(host.getPrivileged()).isTrue();
        assertThat(host.getCapAdd()).containsExactly(Capability.NET_ADMIN, Capability.SYS_TIME);
        assertThat(host.getDevices()).containsExactly(new Device("rwm", "/dev/ttyUSB0", "/dev/ttyUSB0"),
                new Device("rw", "/dev/i2c", "/dev/i2c-1"));
        assertThat(host.getBinds()).containsExactly(new Bind("/srv/iot/data", new Volume("/data"), AccessMode.rw),
                new Bind("/srv/iot/config", new Volume("/config"), AccessMode.ro));
        assertThat(host.getPidMode()).isEqualTo("host");
        assertThat(host.getIpcMode()).isEqualTo("host");
        assertThat(host.getPortBindings().getBindings()).hasSize(1);
    }

    @Test
    void aCapabilityDockerDoesNotKnowAndPortsWithoutANetworkOfTheirOwnAreMistakes() {
        ErrorResponseException refused = catchThrowableOfType(ErrorResponseException.class,
                () -> spec(new DeploymentRequest(REGISTRY + "/a/b:1", "app", "none", List.of("8080:8000"), List.of(),
                        null, null, null, List.of("MAKE_COFFEE"), null, null, null, null, null, null, null, null, null, null,
                        null)));
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody().getDetail()).contains("'MAKE_COFFEE' is not a capability Docker knows")
            .contains("networkMode 'none'");
    }

    @Test
    void aHealthCheckBecomesTheContainersDockerHealthCheckInNanoseconds() {
        ContainerSpec spec = new DeploymentRequest(REGISTRY + "/a/b:1", "app", "bridge", List.of(), List.of(), null,
                null, null, null, null, null, null, null, "tcp:8000", "2s", "1s", "30s", 4, null, null)
            .toSpec(REGISTRY);

        com.github.dockerjava.api.model.HealthCheck check = spec.dockerHealthCheck();
        assertThat(check.getTest()).endsWith("tcp", "8000", "1000");
        assertThat(check.getInterval()).isEqualTo(2_000_000_000L);
        assertThat(check.getTimeout()).isEqualTo(1_000_000_000L);
        assertThat(check.getStartPeriod()).isEqualTo(30_000_000_000L);
        assertThat(check.getRetries()).isEqualTo(4);
        assertThat(new DeploymentRequest(REGISTRY + "/a/b:1", "app", "bridge", List.of(), List.of(), null, null)
            .toSpec(REGISTRY)
            .dockerHealthCheck()).isNull();
    }

    @Test
    void theProbesArchiveHoldsItsClassUnderTheProbesDirectory() throws Exception {
        List<String> names = new java.util.ArrayList<>();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.io.ByteArrayInputStream(HealthProbes.archive()))) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        assertThat(names).startsWith(".iotdeploy/", ".iotdeploy/probe/")
            .endsWith(".iotdeploy/probe/io/iotdeploy/deployment/settings/HealthProbe.class");
    }

    private static ContainerSpec spec(DeploymentRequest request) {
        return request.toSpec(REGISTRY);
    }

}
