package io.iotdeploy.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ContainerPolicyTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ContainerPolicyAutoConfiguration.class));

    @Test
    void theStrictPolicyAllowsTheThesisSettingsOnly() {
        ContainerPolicy policy = ContainerPolicy.strict();
        assertThat(policy.check(ContainerSettings.DEFAULT)).isEmpty();
        assertThat(policy.check(settings("host", false, List.of(), List.of(), List.of(), false, false))).isEmpty();
    }

    @Test
    void eachDangerousSettingIsRefusedByTheStrictPolicyNamingItsField() {
        ContainerPolicy policy = ContainerPolicy.strict();
        assertRefused(policy, settings("bridge", true, List.of(), List.of(), List.of(), false, false), "privileged",
                "privileged mode");
        assertRefused(policy, settings("bridge", false, List.of("NET_ADMIN"), List.of(), List.of(), false, false),
                "capAdd", "capability NET_ADMIN");
        assertRefused(policy, settings("bridge", false, List.of(), List.of("/dev/ttyUSB0"), List.of(), false, false),
                "devices", "device /dev/ttyUSB0");
        assertRefused(policy, settings("bridge", false, List.of(), List.of(), List.of("/srv/iot:/data"), false, false),
                "binds", "host path /srv/iot");
        assertRefused(policy, settings("bridge", false, List.of(), List.of(), List.of(), true, false), "hostPid",
                "PID namespace");
        assertRefused(policy, settings("bridge", false, List.of(), List.of(), List.of(), false, true), "hostIpc",
                "IPC namespace");
        for (String mode : List.of("none", "container:other", "iot-net")) {
            assertRefused(policy, settings(mode, false, List.of(), List.of(), List.of(), false, false),
                    "networkMode", "network mode '" + mode + "'");
        }
    }

    @Test
    void whatThePolicyAllowsPasses() {
        ContainerPolicy policy = new ContainerPolicy(true, List.of("cap_net_admin", "SYS_TIME"),
                List.of("/dev/ttyUSB0", "/dev/i2c-1"), List.of("/srv/iot"), true, true,
                List.of("bridge", "host", "none", "iot-net"));
        ContainerSettings settings = settings("iot-net", true, List.of("NET_ADMIN", "sys_time"),
                List.of("/dev/ttyUSB0", "/dev/i2c-1:/dev/i2c"), List.of("/srv/iot:/data:ro", "/srv/iot/sensor/x:/x"),
                true, true);
        assertThat(policy.check(settings)).isEmpty();
        policy.require(settings, "upload", "dev1");
    }

    @Test
    void bindPathsAreComparedSegmentBySegmentAndDevicesExactly() {
        ContainerPolicy policy = new ContainerPolicy(false, List.of(), List.of("/dev/ttyUSB0"), List.of("/srv/iot"),
                false, false, List.of("bridge"));
        assertRefused(policy, settings("bridge", false, List.of(), List.of(), List.of("/srv/iot2:/x"), false, false),
                "binds", "/srv/iot2");
        assertRefused(policy, settings("bridge", false, List.of(), List.of(), List.of("/srv:/x"), false, false),
                "binds", "paths below [/srv/iot]");
        assertRefused(policy, settings("bridge", false, List.of(), List.of("/dev/ttyUSB1"), List.of(), false, false),
                "devices", "/dev/ttyUSB1");
        assertRefused(policy, settings("bridge", false, List.of("ALL"), List.of(), List.of(), false, false), "capAdd",
                "ALL");
    }

    @Test
    void theRefusalIsA403ProblemListingEverySetting() {
        ContainerPolicyException refused = catchThrowableOfType(ContainerPolicyException.class,
                () -> ContainerPolicy.strict()
                    .require(settings("none", true, List.of("SYS_ADMIN"), List.of(), List.of("/:/host"), false,
                            false), "upload", "10.77.0.11"));
        ProblemDetail problem = refused.getBody();
        assertThat(problem.getStatus()).isEqualTo(403);
        assertThat(problem.getTitle()).isEqualTo("Container setting not allowed");
        assertThat(problem.getDetail()).contains("network mode 'none'", "privileged mode", "capability SYS_ADMIN",
                "host path /");
        assertThat(problem.getProperties()).containsEntry("field", "networkMode")
            .containsEntry("step", "upload")
            .containsEntry("device", "10.77.0.11");
        assertThat(problem.getProperties().get("violations")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.LIST)
            .hasSize(4)
            .contains(Map.of("field", "privileged", "requested", "true", "allowed", "false"));
    }

    @Test
    void thePolicyIsBoundFromConfigurationAndStrictByDefault() {
        this.context.run((context) -> assertThat(context.getBean(ContainerPolicy.class))
            .isEqualTo(ContainerPolicy.strict()));
        this.context.withPropertyValues("iotdeploy.containers.policy.allow-privileged=true",
                "iotdeploy.containers.policy.allowed-capabilities=NET_ADMIN,SYS_TIME",
                "iotdeploy.containers.policy.allowed-devices=/dev/ttyUSB0",
                "iotdeploy.containers.policy.allowed-bind-paths=/srv/iot",
                "iotdeploy.containers.policy.allow-host-pid=true",
                "iotdeploy.containers.policy.allowed-network-modes=bridge,none")
            .run((context) -> assertThat(context.getBean(ContainerPolicy.class)).isEqualTo(new ContainerPolicy(true,
                    List.of("NET_ADMIN", "SYS_TIME"), List.of("/dev/ttyUSB0"), List.of("/srv/iot"), true, false,
                    List.of("bridge", "none"))));
    }

    @Test
    void anAdministratorSetsThePolicyForBothServicesInTheEnvironment() {
        Map<String, Object> environment = Map.of(
                "IOTDEPLOY_CONTAINERS_POLICY_ALLOWED_DEVICES", "/dev/ttyUSB0,/dev/i2c-1",
                "IOTDEPLOY_CONTAINERS_POLICY_ALLOWED_NETWORK_MODES", "bridge,host,none");
        this.context.withInitializer((context) -> context.getEnvironment()
            .getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
            .run((context) -> {
                ContainerPolicy policy = context.getBean(ContainerPolicy.class);
                assertThat(policy.allowedDevices()).containsExactly("/dev/ttyUSB0", "/dev/i2c-1");
                assertThat(policy.allowedNetworkModes()).containsExactly("bridge", "host", "none");
            });
    }

    @Test
    void aPolicyWithAnUnnormalizedPathStopsTheService() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new ContainerPolicy(false, List.of(), List.of(), List.of("/srv/../etc"), false, false,
                    List.of("bridge")))
            .withMessageContaining("allowed-bind-paths");
        this.context.withPropertyValues("iotdeploy.containers.policy.allowed-bind-paths=srv/iot")
            .run((context) -> assertThat(context).hasFailed());
    }

    private static void assertRefused(ContainerPolicy policy, ContainerSettings settings, String field,
            String detail) {
        List<PolicyViolation> violations = policy.check(settings);
        assertThat(violations).as(settings.toString()).singleElement().satisfies((violation) -> {
            assertThat(violation.field()).isEqualTo(field);
            assertThat(violation.detail()).contains(detail).contains("iotdeploy.containers.policy.");
        });
    }

    private static ContainerSettings settings(String networkMode, boolean privileged, List<String> capAdd,
            List<String> devices, List<String> binds, boolean hostPid, boolean hostIpc) {
        List<InvalidSetting> errors = new ArrayList<>();
        ContainerSettings settings = ContainerSettings.parse(networkMode, privileged, capAdd, devices, binds, hostPid,
                hostIpc, errors);
        assertThat(errors).isEmpty();
        return settings;
    }

}
