package io.iotdeploy.device;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each address class the rules refuse, the tricks that hide one, and what stays allowed. The platform's host is
 * faked as 10.77.0.1 (the test world's bridge address) so that the tests do not depend on this machine's interfaces.
 */
class DeviceAddressRulesTests {

    private static final List<DeviceAddressRules.PortRange> PLATFORM_PORTS = List.of(
            DeviceAddressRules.PortRange.parse("8080-8087"), DeviceAddressRules.PortRange.parse("5000-5002"));

    private static final Set<String> PLATFORM_HOST = Set.of("10.77.0.1");

    private static final Map<String, List<String>> NAMES = Map.of(
            "pi.example", List.of("192.168.1.40"),
            "sneaky.example", List.of("192.168.1.41", "127.0.0.1"),
            "metadata.example", List.of("169.254.169.254"),
            "nat64.example", List.of("64:ff9b::a9fe:a9fe"),
            "platform.example", List.of("10.77.0.1"));

    private final DeviceAddressRules rules = rules(List.of());

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, unspecified", "0.1.2.3, unspecified", "::, unspecified",
            "127.0.0.1, loopback", "127.255.255.254, loopback", "::1, loopback", "[::1], loopback",
            "::ffff:127.0.0.1, loopback", "0:0:0:0:0:ffff:7f00:1, loopback",
            "169.254.169.254, cloud-metadata", "fd00:ec2::254, cloud-metadata", "100.100.100.200, cloud-metadata",
            "169.254.0.1, link-local", "fe80::1, link-local", "FE80::ABCD, link-local",
            "224.0.0.1, multicast", "239.255.255.250, multicast", "ff02::1, multicast",
            "255.255.255.255, broadcast", "240.0.0.1, reserved" })
    void refusesEachSpecialClass(String address, String rule) {
        AddressRefusedException refused = refusal(address, 2376);
        assertThat(refused.rule().id()).isEqualTo(rule);
        assertThat(refused.getMessage()).contains(refused.refusedAddress()).contains(refused.rule().description());
    }

    @ParameterizedTest
    @ValueSource(strings = { "2130706433", "0177.0.0.1", "127.1", "0x7f.0.0.1", "0x7f000001", "017700000001",
            "10.0.0.011", "1.2.3.4.5" })
    void refusesNumericAddressesInAmbiguousForms(String address) {
        AddressRefusedException refused = refusal(address, 2376);
        assertThat(refused.rule()).isEqualTo(AddressRule.AMBIGUOUS_LITERAL);
        assertThat(refused.getMessage()).startsWith(address + " is a numeric address");
    }

    @ParameterizedTest
    @CsvSource({ "::127.0.0.1, 127.0.0.1, loopback", "64:ff9b::a9fe:a9fe, 169.254.169.254, cloud-metadata",
            "2002:7f00:1::, 127.0.0.1, loopback", "2002:a9fe:a9fe::1, 169.254.169.254, cloud-metadata" })
    void looksInsideIpv6AddressesThatCarryAnIpv4One(String address, String embedded, String rule) {
        AddressRefusedException refused = refusal(address, 2376);
        assertThat(refused.rule().id()).isEqualTo(rule);
        assertThat(refused.refusedAddress()).isEqualTo(embedded);
        assertThat(refused.getMessage()).startsWith(embedded + " (inside ");
    }

    @ParameterizedTest
    @ValueSource(strings = { "10.77.0.11", "10.0.0.1", "172.16.5.4", "172.31.255.254", "192.168.1.40", "100.64.0.7",
            "8.8.8.8", "fd00::2", "fd00:ec2::253", "2001:db8::1", "169.253.255.255", "169.255.0.1",
            "pi.example", "no-such-device.invalid" })
    void allowsLanAndPublicAddressesAndNames(String address) {
        assertThatCode(() -> this.rules.check(address, 2376)).doesNotThrowAnyException();
    }

    @Test
    void checksEveryAddressANameResolvesTo() {
        AddressRefusedException refused = refusal("sneaky.example", 2376);
        assertThat(refused.rule()).isEqualTo(AddressRule.LOOPBACK);
        assertThat(refused.address()).isEqualTo("sneaky.example");
        assertThat(refused.refusedAddress()).isEqualTo("127.0.0.1");
        assertThat(refused.getMessage()).startsWith("127.0.0.1 (the address sneaky.example resolves to) is a loopback");

        assertThat(refusal("metadata.example", 2376).rule()).isEqualTo(AddressRule.CLOUD_METADATA);
        AddressRefusedException nat64 = refusal("nat64.example", 2376);
        assertThat(nat64.refusedAddress()).isEqualTo("169.254.169.254");
        assertThat(nat64.getMessage()).contains("inside 64:ff9b:0:0:0:0:a9fe:a9fe, the address nat64.example resolves to");
    }

    @Test
    void refusesThePlatformHostOnThePlatformsPortsOnly() {
        for (int port : new int[] { 8080, 8082, 8087, 5000, 5002 }) {
            AddressRefusedException refused = refusal("10.77.0.1", port);
            assertThat(refused.rule()).isEqualTo(AddressRule.PLATFORM_SERVICE);
            assertThat(refused.getMessage()).isEqualTo("10.77.0.1 port " + port + " is one of the platform's own "
                    + "service ports on the platform's host (8080-8087, 5000-5002): the platform does not reach "
                    + "devices there.");
        }
        assertThat(refusal("platform.example", 8085).rule()).isEqualTo(AddressRule.PLATFORM_SERVICE);
        // the arm64 VM device answers at the host's bridge address on a forwarded port; other hosts run anything
        assertThatCode(() -> this.rules.check("10.77.0.1", 23751)).doesNotThrowAnyException();
        assertThatCode(() -> this.rules.check("10.77.0.1", 2376)).doesNotThrowAnyException();
        assertThatCode(() -> this.rules.check("10.77.0.11", 8080)).doesNotThrowAnyException();
    }

    @Test
    void anAllowedNetworkLiftsTheClassesButNotThePlatformsPorts() {
        DeviceAddressRules allowing = rules(List.of(IpNetwork.parse("127.0.0.0/8"), IpNetwork.parse("fe80::/64"),
                IpNetwork.parse("::1")));

        assertThatCode(() -> allowing.check("127.0.0.1", 2376)).doesNotThrowAnyException();
        assertThatCode(() -> allowing.check("::1", 2376)).as("::1 carries no IPv4 address").doesNotThrowAnyException();
        assertThat(catchThrowableOfType(AddressRefusedException.class, () -> allowing.check("::", 2376)).rule())
            .isEqualTo(AddressRule.UNSPECIFIED);
        assertThatCode(() -> allowing.check("::ffff:127.0.0.2", 40000)).doesNotThrowAnyException();
        assertThatCode(() -> allowing.check("fe80::1", 2376)).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(AddressRefusedException.class, () -> allowing.check("fe80:0:0:1::1", 2376))
            .rule()).as("outside the allowed /64").isEqualTo(AddressRule.LINK_LOCAL);
        assertThat(catchThrowableOfType(AddressRefusedException.class, () -> allowing.check("169.254.169.254", 2376))
            .rule()).isEqualTo(AddressRule.CLOUD_METADATA);
        assertThat(catchThrowableOfType(AddressRefusedException.class, () -> allowing.check("127.0.0.1", 8082))
            .rule()).as("the platform's own services stay out of reach").isEqualTo(AddressRule.PLATFORM_SERVICE);
    }

    @Test
    void theRealHostsOwnAddressesAreThePlatformHost() {
        DeviceAddressRules real = DeviceAddressRules.from(new DeviceAddressRulesProperties(List.of("127.0.0.0/8"),
                List.of("8080-8087"), List.of("203.0.113.7")));
        assertThatCode(() -> real.check("127.0.0.1", 2376)).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(AddressRefusedException.class, () -> real.check("127.0.0.1", 8081)).rule())
            .isEqualTo(AddressRule.PLATFORM_SERVICE);
        assertThat(catchThrowableOfType(AddressRefusedException.class, () -> real.check("203.0.113.7", 8080)).rule())
            .as("an address of the platform given in the configuration").isEqualTo(AddressRule.PLATFORM_SERVICE);
        assertThatCode(() -> real.check("203.0.113.7", 2376)).doesNotThrowAnyException();
    }

    @Test
    void theDefaultsRefuseLoopbackAndThePlatformsPorts() {
        DeviceAddressRules defaults = DeviceAddressRules.defaults();
        assertThat(catchThrowableOfType(AddressRefusedException.class, () -> defaults.check("localhost", 2376)).rule())
            .isEqualTo(AddressRule.LOOPBACK);
        assertThat(catchThrowableOfType(AddressRefusedException.class, () -> defaults.check("127.0.0.1", 5000))
            .getMessage()).contains("(8080-8087, 5000-5002)");
    }

    @Test
    void aWrongSettingIsNamed() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> DeviceAddressRules.from(new DeviceAddressRulesProperties(List.of("10.0.0.0/8", "lan"),
                    List.of(), List.of())))
            .withMessageStartingWith("iotdeploy.devices.address-rules.allowed-networks: 'lan' is not an IP network");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> DeviceAddressRules.from(new DeviceAddressRulesProperties(List.of(),
                    List.of("8087-8080"), List.of())))
            .withMessageStartingWith("iotdeploy.devices.address-rules.platform-ports: ");
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceAddressRules.PortRange.parse("http"));
        assertThat(DeviceAddressRules.PortRange.parse(" 5000 ")).hasToString("5000");
    }

    private AddressRefusedException refusal(String address, int port) {
        AddressRefusedException refused = catchThrowableOfType(AddressRefusedException.class,
                () -> this.rules.check(address, port));
        assertThat(refused).as("%s port %d refused", address, port).isNotNull();
        assertThat(refused.port()).isEqualTo(port);
        return refused;
    }

    private static DeviceAddressRules rules(List<IpNetwork> allowed) {
        return new DeviceAddressRules(allowed, PLATFORM_PORTS,
                (address) -> PLATFORM_HOST.contains(address.getHostAddress()), DeviceAddressRulesTests::resolve);
    }

    private static InetAddress[] resolve(String name) throws UnknownHostException {
        List<String> addresses = NAMES.get(name);
        if (addresses == null) {
            throw new UnknownHostException(name);
        }
        InetAddress[] resolved = new InetAddress[addresses.size()];
        for (int i = 0; i < resolved.length; i++) {
            resolved[i] = InetAddress.getByAddress(name, InetAddress.getByName(addresses.get(i)).getAddress());
        }
        return resolved;
    }

}
