package io.iotdeploy.device;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where the platform may reach a device (against server-side request forgery): a device's address must not point
 * the platform's requests at the platform itself or at special ranges. Refused, unless an administrator allows
 * the network ({@code iotdeploy.devices.address-rules.allowed-networks}):
 * <ul>
 * <li>unspecified (0.0.0.0/8, ::), loopback (127.0.0.0/8, ::1), link-local (169.254.0.0/16, fe80::/10) with the
 * cloud metadata services (169.254.169.254, fd00:ec2::254, 100.100.100.200), multicast, broadcast and 240.0.0.0/4;
 * <li>numeric addresses in any other form than four decimal numbers ({@code 2130706433}, {@code 0177.0.0.1});
 * </ul>
 * and always, even in an allowed network, the platform host's own addresses (its interfaces', and
 * {@code platform-addresses}) on the platform's ports (8080-8087, 5000-5002). Private LAN ranges (10/8, 172.16/12,
 * 192.168/16, fc00::/7) are where IoT devices live: allowed, and so is the host's own address on any other port
 * (the arm64 VM device answers at the host's bridge address, port 23751).
 * <p>
 * A name is resolved and every address it resolves to is checked; so is the IPv4 address inside an IPv4-mapped,
 * IPv4-compatible, NAT64 or 6to4 IPv6 address. A name is checked again whenever a device is contacted, not only at
 * registration: what it resolves to can change. (The connection resolves it once more; the window in between is
 * what remains of DNS rebinding, and a TLS device still has to present the platform CA's certificate for it.)
 */
public final class DeviceAddressRules {

    private static final List<Range> RANGES = List.of(
            new Range(AddressRule.UNSPECIFIED, "0.0.0.0/8", "::/128"),
            new Range(AddressRule.LOOPBACK, "127.0.0.0/8", "::1/128"),
            new Range(AddressRule.CLOUD_METADATA, "169.254.169.254", "fd00:ec2::254", "100.100.100.200"),
            new Range(AddressRule.LINK_LOCAL, "169.254.0.0/16", "fe80::/10"),
            new Range(AddressRule.MULTICAST, "224.0.0.0/4", "ff00::/8"),
            new Range(AddressRule.BROADCAST, "255.255.255.255"),
            new Range(AddressRule.RESERVED, "240.0.0.0/4"));

    private static final IpNetwork IPV4_COMPATIBLE = IpNetwork.parse("::/96");

    private static final IpNetwork NAT64 = IpNetwork.parse("64:ff9b::/96");

    private static final IpNetwork SIX_TO_FOUR = IpNetwork.parse("2002::/16");

    /** The last label of a name is never all digits; of a numeric address in a form parsers disagree on, it is. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");

    private final List<IpNetwork> allowedNetworks;

    private final List<PortRange> platformPorts;

    private final Predicate<InetAddress> platformHost;

    private final Resolver resolver;

    /**
     * @param allowedNetworks   networks where the address classes are not refused (the platform's ports still are)
     * @param platformPorts     the ports of the platform's services and registries on its host
     * @param platformAddresses addresses of the platform's host besides its interfaces' own (a NAT's public address)
     */
    public DeviceAddressRules(List<IpNetwork> allowedNetworks, List<PortRange> platformPorts,
            List<IpNetwork> platformAddresses) {
        this(allowedNetworks, platformPorts, (address) -> isInterfaceAddress(address)
                || platformAddresses.stream().anyMatch((network) -> network.contains(address)), InetAddress::getAllByName);
    }

    /**
     * @param hostAddress whether an address is one of the platform host's besides unspecified and loopback, which
     *                    always are
     */
    DeviceAddressRules(List<IpNetwork> allowedNetworks, List<PortRange> platformPorts,
            Predicate<InetAddress> hostAddress, Resolver resolver) {
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.platformPorts = List.copyOf(platformPorts);
        this.platformHost = (address) -> address.isAnyLocalAddress() || address.isLoopbackAddress()
                || hostAddress.test(address);
        this.resolver = resolver;
    }

    /** The rules as they are without configuration. */
    public static DeviceAddressRules defaults() {
        return from(DeviceAddressRulesProperties.defaults());
    }

    /** @throws IllegalArgumentException naming the setting that is not a network or a port range */
    public static DeviceAddressRules from(DeviceAddressRulesProperties properties) {
        return new DeviceAddressRules(
                parse(properties.allowedNetworks(), IpNetwork::parse, "allowed-networks"),
                parse(properties.platformPorts(), PortRange::parse, "platform-ports"),
                parse(properties.platformAddresses(), IpNetwork::parse, "platform-addresses"));
    }

    /**
     * Checks a device's address: a literal as it is, a name by every address it resolves to now. A name that does
     * not resolve passes: there is nothing to reach, and the connection fails on its own.
     * @param address an IPv4 or IPv6 literal or a DNS name
     * @param port    the engine's port on it
     * @throws AddressRefusedException naming the address and the rule that refused it
     */
    public void check(String address, int port) {
        String host = address.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress literal = IpNetwork.literal(host);
        List<InetAddress> addresses;
        if (literal != null) {
            addresses = List.of(literal);
        }
        else if (isNumeric(host)) {
            throw new AddressRefusedException(address, port, host, AddressRule.AMBIGUOUS_LITERAL,
                    host + " is " + AddressRule.AMBIGUOUS_LITERAL.description()
                            + ": the platform does not reach devices there. Write an IPv4 address as four decimal "
                            + "numbers without leading zeros, such as 10.0.0.17.");
        }
        else {
            try {
                addresses = Arrays.asList(this.resolver.resolve(host));
            }
            catch (UnknownHostException ex) {
                return;
            }
        }
        for (InetAddress resolved : addresses) {
            check(address, port, (literal != null) ? null : resolved, resolved);
        }
    }

    private void check(String address, int port, InetAddress resolvedFromName, InetAddress resolved) {
        for (InetAddress candidate : withEmbeddedIpv4(resolved)) {
            if (isPlatformPort(port) && this.platformHost.test(candidate)) {
                throw refused(address, port, resolvedFromName, resolved, candidate, AddressRule.PLATFORM_SERVICE,
                        " (" + portList() + "): the platform does not reach devices there.");
            }
            if (this.allowedNetworks.stream().anyMatch((network) -> network.contains(candidate))) {
                continue;
            }
            for (Range range : RANGES) {
                if (range.contains(candidate)) {
                    throw refused(address, port, resolvedFromName, resolved, candidate, range.rule(),
                            ": the platform does not reach devices there. An administrator can allow a network in "
                                    + "iotdeploy.devices.address-rules.allowed-networks.");
                }
            }
        }
    }

    /** "127.0.0.1 (the address pi.local resolves to) is a loopback address (…): …" */
    private static AddressRefusedException refused(String address, int port, InetAddress resolvedFromName,
            InetAddress resolved, InetAddress candidate, AddressRule rule, String consequence) {
        List<String> context = new ArrayList<>(2);
        if (candidate != resolved) {
            context.add("inside " + resolved.getHostAddress());
        }
        if (resolvedFromName != null) {
            context.add("the address " + address.strip() + " resolves to");
        }
        String message = candidate.getHostAddress()
                + (context.isEmpty() ? "" : " (" + String.join(", ", context) + ")")
                + ((rule == AddressRule.PLATFORM_SERVICE) ? " port " + port : "") + " is " + rule.description()
                + consequence;
        return new AddressRefusedException(address.strip(), port, candidate.getHostAddress(), rule, message);
    }

    private boolean isPlatformPort(int port) {
        return this.platformPorts.stream().anyMatch((range) -> range.contains(port));
    }

    private String portList() {
        return this.platformPorts.stream().map(PortRange::toString).collect(Collectors.joining(", "));
    }

    /** The address, and the IPv4 address that an IPv4-compatible, NAT64 or 6to4 IPv6 address carries. */
    private static List<InetAddress> withEmbeddedIpv4(InetAddress address) {
        List<InetAddress> candidates = new ArrayList<>(2);
        candidates.add(address);
        byte[] bytes = address.getAddress();
        // :: and ::1 are in ::/96 too, but carry no IPv4 address: they are what they are
        if ((IPV4_COMPATIBLE.contains(address) && bytes[12] != 0) || NAT64.contains(address)) {
            candidates.add(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
        }
        else if (SIX_TO_FOUR.contains(address)) {
            candidates.add(ipv4(Arrays.copyOfRange(bytes, 2, 6)));
        }
        return candidates;
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex); // four bytes: cannot happen
        }
    }

    private static boolean isNumeric(String host) {
        if (host.indexOf(':') >= 0) {
            return false;
        }
        String last = host.substring(host.lastIndexOf('.') + 1);
        return NUMERIC_LABEL.matcher(last).matches();
    }

    /** An address of one of this host's network interfaces (looked up each time: interfaces come and go). */
    private static boolean isInterfaceAddress(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        }
        catch (SocketException ex) {
            return false;
        }
    }

    private static <T> List<T> parse(List<String> values, Function<String, T> parser,
            String setting) {
        List<T> parsed = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                parsed.add(parser.apply(value));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("iotdeploy.devices.address-rules." + setting + ": "
                        + ex.getMessage(), ex);
            }
        }
        return parsed;
    }

    /** Resolves a name to every address it has ({@link InetAddress#getAllByName}). */
    @FunctionalInterface
    interface Resolver {

        InetAddress[] resolve(String name) throws UnknownHostException;

    }

    /** Ports {@code first} to {@code last}, both included; written {@code 8080-8087} or {@code 5000}. */
    public record PortRange(int first, int last) {

        public PortRange {
            if (first < 1 || last > 65535 || first > last) {
                throw new IllegalArgumentException("'" + first + "-" + last + "' is not a port range within 1-65535");
            }
        }

        public static PortRange parse(String text) {
            String[] bounds = text.strip().split("-", -1);
            if (bounds.length > 2 || !Arrays.stream(bounds).allMatch((bound) -> bound.strip().matches("[0-9]{1,5}"))) {
                throw new IllegalArgumentException("'" + text + "' is not a port (5000) or a port range (8080-8087)");
            }
            int first = Integer.parseInt(bounds[0].strip());
            return new PortRange(first, (bounds.length == 2) ? Integer.parseInt(bounds[1].strip()) : first);
        }

        public boolean contains(int port) {
            return port >= this.first && port <= this.last;
        }

        @Override
        public String toString() {
            return (this.first == this.last) ? String.valueOf(this.first) : this.first + "-" + this.last;
        }

    }

    private record Range(AddressRule rule, List<IpNetwork> networks) {

        Range(AddressRule rule, String... networks) {
            this(rule, Arrays.stream(networks).map(IpNetwork::parse).toList());
        }

        boolean contains(InetAddress address) {
            return this.networks.stream().anyMatch((network) -> network.contains(address));
        }

    }

}
