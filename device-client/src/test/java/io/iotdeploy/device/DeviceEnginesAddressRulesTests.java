package io.iotdeploy.device;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The rules at connect time: a refused device is never contacted, and the problem says which rule and step. */
class DeviceEnginesAddressRulesTests {

    private final DeviceEngines engines = new DeviceEngines(new DeviceDirectory(RestClient.create()), null,
            DeviceAddressRules.from(new DeviceAddressRulesProperties(List.of(), List.of("8080-8087"), List.of())));

    @Test
    void aDeviceWhoseAddressIsRefusedIsNotContacted() {
        Device device = new Device(3, "kitchen", "169.254.169.254", 80, "tcp://169.254.169.254:80", "online",
                "x86_64", "linux/amd64", true);
        AtomicBoolean called = new AtomicBoolean();

        DeviceAddressRefusedException refused = catchThrowableOfType(DeviceAddressRefusedException.class,
                () -> this.engines.control(device, "pull", (docker) -> called.getAndSet(true)));

        assertThat(called).isFalse();
        assertThat(refused).isInstanceOf(DeviceUnreachableException.class);
        assertThat(refused.device()).isEqualTo(device);
        assertThat(refused.step()).isEqualTo("pull");
        assertThat(refused.getCause().rule()).isEqualTo(AddressRule.CLOUD_METADATA);

        ProblemDetail problem = DeviceProblems.unreachable(refused);
        assertThat(problem.getStatus()).isEqualTo(403);
        assertThat(problem.getTitle()).isEqualTo("Device address refused");
        assertThat(problem.getDetail()).isEqualTo("The platform did not contact device kitchen (169.254.169.254) for "
                + "pull: 169.254.169.254 is a cloud metadata service (169.254.169.254, fd00:ec2::254, "
                + "100.100.100.200): the platform does not reach devices there. An administrator can allow a network "
                + "in iotdeploy.devices.address-rules.allowed-networks.");
        assertThat(problem.getProperties()).containsEntry("device", "kitchen")
            .containsEntry("address", "169.254.169.254")
            .containsEntry("step", "pull")
            .containsEntry("rule", "cloud-metadata")
            .containsEntry("refusedAddress", "169.254.169.254");
    }

    @Test
    void streamingCallsAreCheckedToo() {
        Device device = new Device(4, "self", "localhost", 2376, "tcp://localhost:2376", "online", "x86_64",
                "linux/amd64", true);

        DeviceAddressRefusedException refused = catchThrowableOfType(DeviceAddressRefusedException.class,
                () -> this.engines.streaming(device, "logs", (docker) -> null));

        assertThat(refused.getCause().rule()).isEqualTo(AddressRule.LOOPBACK);
        assertThat(refused.getCause().address()).isEqualTo("localhost");
        assertThat(refused.getMessage()).contains("self (localhost)").contains("logs");
    }

}
