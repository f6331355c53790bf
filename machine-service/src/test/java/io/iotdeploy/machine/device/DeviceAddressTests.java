package io.iotdeploy.machine.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceAddressTests {

    @ParameterizedTest
    @ValueSource(strings = { "10.77.0.11", "0.0.0.0", "255.255.255.255", "::1", "fd00::2", "FE80::1:2:3:4",
            "2001:db8:0:0:0:0:2:1", "::ffff:10.0.0.1", "localhost", "pi-3.local", "Device1.Example.COM",
            "a", "1password.com", " 10.77.0.12 " })
    void acceptsLiteralsAndNames(String address) {
        assertThat(DeviceAddress.isValid(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "256.1.1.1", "10.77.0", "10.77.0.011", "1.2.3.4.5", "1:2:3", "fd00::1::2",
            "fe80::1%eth0", "[::1]", "zz::1", "-pi.local", "pi-.local", "pi..local", "pi.local.", "pi_3.local",
            "tcp://10.77.0.11", "10.77.0.11:2375", "host name", "dev1;rm -rf" })
    void rejectsEverythingElse(String address) {
        assertThat(DeviceAddress.isValid(address)).isFalse();
    }

    /** Numeric addresses that some parsers read as 127.0.0.1: not four decimal numbers, so not addresses here. */
    @ParameterizedTest
    @ValueSource(strings = { "2130706433", "0177.0.0.1", "127.1", "0x7f.0.0.1", "127.0.0.01", "017700000001" })
    void rejectsNumericAddressesInOtherForms(String address) {
        assertThat(DeviceAddress.isValid(address)).isFalse();
    }

    @Test
    void tellsLiteralsFromNames() {
        assertThat(DeviceAddress.isIpLiteral("10.77.0.11")).isTrue();
        assertThat(DeviceAddress.isIpLiteral("fd00::2")).isTrue();
        assertThat(DeviceAddress.isIpLiteral("::ffff:10.0.0.1")).isTrue();
        assertThat(DeviceAddress.isIpLiteral("pi-3.local")).isFalse();
        assertThat(DeviceAddress.isIpLiteral("1password.com")).isFalse();
    }

    @Test
    void rejectsNamesLongerThanDnsAllows() {
        String label = "a".repeat(63);
        String name253 = String.join(".", label, label, label, "a".repeat(61));
        assertThat(name253).hasSize(253);
        assertThat(DeviceAddress.isValid(name253)).isTrue();
        assertThat(DeviceAddress.isValid(name253 + "a")).isFalse();
        assertThat(DeviceAddress.isValid("a".repeat(64) + ".local")).isFalse();
    }

    @Test
    void dockerHostPutsIpv6InBrackets() {
        assertThat(DeviceAddress.dockerHost("10.77.0.11", 2375)).isEqualTo("tcp://10.77.0.11:2375");
        assertThat(DeviceAddress.dockerHost("fd00::2", 2376)).isEqualTo("tcp://[fd00::2]:2376");
        assertThat(DeviceAddress.dockerHost("pi.local", 2375)).isEqualTo("tcp://pi.local:2375");
    }

    @Test
    void platformFollowsTheEnginesArchitecture() {
        assertThat(Device.platformOf("x86_64")).isEqualTo("linux/amd64");
        assertThat(Device.platformOf("aarch64")).isEqualTo("linux/arm64");
        assertThat(Device.platformOf("armv7l")).isEqualTo("linux/arm/v7");
        assertThat(Device.platformOf("riscv64")).isEqualTo("linux/riscv64");
        assertThat(Device.platformOf(null)).isNull();
    }

}
