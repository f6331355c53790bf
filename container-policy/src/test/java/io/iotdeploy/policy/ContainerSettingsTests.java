package io.iotdeploy.policy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerSettingsTests {

    @Test
    void nothingAskedIsTheDefault() {
        List<InvalidSetting> errors = new ArrayList<>();
        assertThat(ContainerSettings.parse(null, null, null, null, null, null, null, errors))
            .isEqualTo(ContainerSettings.DEFAULT);
        assertThat(errors).isEmpty();
    }

    @Test
    void everySettingIsReadAsDockerWritesIt() {
        List<InvalidSetting> errors = new ArrayList<>();
        ContainerSettings settings = ContainerSettings.parse(" Host ", true, List.of("net_admin", "CAP_SYS_TIME",
                "NET_ADMIN"), List.of("/dev/ttyUSB0", "/dev/i2c-1:/dev/i2c:rw"),
                List.of("/srv/iot/data:/data", "/srv/iot/config:/config:ro"), true, false, errors);

        assertThat(errors).isEmpty();
        assertThat(settings.networkMode()).isEqualTo("host");
        assertThat(settings.privileged()).isTrue();
        assertThat(settings.capAdd()).containsExactly("NET_ADMIN", "SYS_TIME");
        assertThat(settings.devices()).containsExactly(new DeviceMapping("/dev/ttyUSB0", "/dev/ttyUSB0", "rwm"),
                new DeviceMapping("/dev/i2c-1", "/dev/i2c", "rw"));
        assertThat(settings.binds()).containsExactly(new BindMount("/srv/iot/data", "/data", false),
                new BindMount("/srv/iot/config", "/config", true));
        assertThat(settings.hostPid()).isTrue();
        assertThat(settings.hostIpc()).isFalse();
    }

    @Test
    void otherNetworkModesAreWellFormedButOnlyBridgeAndCustomNetworksPublishPorts() {
        for (String mode : List.of("none", "container:sensor", "iot-net")) {
            List<InvalidSetting> errors = new ArrayList<>();
            ContainerSettings settings = ContainerSettings.parse(mode, null, null, null, null, null, null, errors);
            assertThat(errors).as(mode).isEmpty();
            assertThat(settings.networkMode()).isEqualTo(mode);
        }
        assertThat(settings("bridge").publishesPorts()).isTrue();
        assertThat(settings("iot-net").publishesPorts()).isTrue();
        assertThat(settings("host").publishesPorts()).isFalse();
        assertThat(settings("none").publishesPorts()).isFalse();
        assertThat(settings("container:sensor").publishesPorts()).isFalse();
    }

    @Test
    void malformedSettingsAreEachNamedWithTheirField() {
        List<InvalidSetting> errors = new ArrayList<>();
        ContainerSettings.parse("my net", null, List.of("NET ADMIN", ""),
                List.of("ttyUSB0", "/etc/passwd", "/dev/../etc/shadow", "/dev/ttyUSB0:/dev/tty:rwx", "/dev/a:/:r",
                        "/dev/a:/b:r:x"),
                List.of("/srv", "data:/data", "/srv/../etc:/etc", "/srv/x:/x:shared", "/srv//x:/x", "/srv/x:rel",
                        "/srv/x/:/x", "C:\\data:/data", "/srv/x\0:/x", "/srv/x:/"),
                null, null, errors);

        assertThat(errors).extracting(InvalidSetting::field)
            .containsExactly("networkMode", "capAdd", "capAdd", "devices", "devices", "devices", "devices",
                    "devices", "devices", "binds", "binds", "binds", "binds", "binds", "binds", "binds", "binds",
                    "binds", "binds");
        assertThat(errors).extracting(InvalidSetting::detail)
            .anySatisfy((detail) -> assertThat(detail).contains("'my net'"))
            .anySatisfy((detail) -> assertThat(detail).contains("'/etc/passwd'").contains("below /dev/"))
            .anySatisfy((detail) -> assertThat(detail).contains("'/dev/../etc/shadow'").contains("'..' segment"))
            .anySatisfy((detail) -> assertThat(detail).contains("'rwx'"))
            .anySatisfy((detail) -> assertThat(detail).contains("'data:/data'").contains("named volumes"))
            .anySatisfy((detail) -> assertThat(detail).contains("'/srv/../etc:/etc'").contains("'..' segment"))
            .anySatisfy((detail) -> assertThat(detail).contains("'shared'").contains("neither ro nor rw"));
    }

    private static ContainerSettings settings(String networkMode) {
        return ContainerSettings.parse(networkMode, null, null, null, null, null, null, new ArrayList<>());
    }

}
