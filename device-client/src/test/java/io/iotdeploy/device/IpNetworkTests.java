package io.iotdeploy.device;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IpNetworkTests {

    @Test
    void containsTheAddressesOfItsPrefixOnly() throws UnknownHostException {
        IpNetwork lan = IpNetwork.parse("192.168.0.0/16");
        assertThat(lan.contains(address("192.168.0.1"))).isTrue();
        assertThat(lan.contains(address("192.168.255.255"))).isTrue();
        assertThat(lan.contains(address("192.169.0.1"))).isFalse();
        assertThat(lan.contains(address("::ffff:192.168.0.1"))).as("IPv4-mapped is IPv4").isTrue();

        IpNetwork linkLocal = IpNetwork.parse("fe80::/10");
        assertThat(linkLocal.contains(address("febf::1"))).isTrue();
        assertThat(linkLocal.contains(address("fec0::1"))).isFalse();
        assertThat(linkLocal.contains(address("169.254.0.1"))).as("other family").isFalse();
    }

    @Test
    void aSingleAddressIsItsOwnNetworkAndHostBitsAreCleared() throws UnknownHostException {
        IpNetwork one = IpNetwork.parse("169.254.169.254");
        assertThat(one.prefixLength()).isEqualTo(32);
        assertThat(one.contains(address("169.254.169.254"))).isTrue();
        assertThat(one.contains(address("169.254.169.253"))).isFalse();

        IpNetwork sloppy = IpNetwork.parse(" 10.77.0.1/24 ");
        assertThat(sloppy).hasToString("10.77.0.0/24");
        assertThat(sloppy.contains(address("10.77.0.200"))).isTrue();
        assertThat(IpNetwork.parse("0.0.0.0/0").contains(address("8.8.8.8"))).isTrue();
        assertThat(IpNetwork.parse("[::1]").contains(address("::1"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "10.0.0.0/33", "fd00::/129", "10.0.0.0/-1", "10.0.0.0/", "10.0.0/8",
            "2130706433/32", "0177.0.0.1", "localhost", "example.com/24", "fe80::1%eth0/64", "10.0.0.0/8/8" })
    void refusesWhatIsNoLiteralNetwork(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> IpNetwork.parse(text)).withMessageContaining(text);
    }

    @Test
    void literalsNeverAskAResolver() {
        assertThat(IpNetwork.literal("10.0.0.1")).isNotNull();
        assertThat(IpNetwork.literal("[fd00::2]")).isNotNull();
        assertThat(IpNetwork.literal("localhost")).isNull();
        assertThat(IpNetwork.literal("2130706433")).isNull();
        assertThat(IpNetwork.literal("127.1")).isNull();
        assertThat(IpNetwork.literal("010.0.0.1")).isNull();
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

}
