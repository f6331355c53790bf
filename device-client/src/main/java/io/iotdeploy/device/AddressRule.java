package io.iotdeploy.device;

/**
 * Why the platform refuses to reach a device at an address ({@link DeviceAddressRules}). Each rule keeps a device
 * address from pointing the platform's own requests at something that is not a device: the platform itself, the
 * host's neighbours on a link, a cloud's metadata service.
 */
public enum AddressRule {

    /** {@code 2130706433}, {@code 0177.0.0.1}, {@code 127.1}: parsers disagree on what these mean. */
    AMBIGUOUS_LITERAL("ambiguous-literal", "a numeric address not written as four decimal numbers (such as "
            + "2130706433 or 0177.0.0.1), which resolvers read differently"),

    UNSPECIFIED("unspecified", "an unspecified address (0.0.0.0/8, ::), which means this host"),

    LOOPBACK("loopback", "a loopback address (127.0.0.0/8, ::1), which is the platform's own host"),

    /** Before {@link #LINK_LOCAL}: 169.254.169.254 is both, and this is the more telling name. */
    CLOUD_METADATA("cloud-metadata", "a cloud metadata service (169.254.169.254, fd00:ec2::254, 100.100.100.200)"),

    LINK_LOCAL("link-local", "a link-local address (169.254.0.0/16, fe80::/10)"),

    MULTICAST("multicast", "a multicast address (224.0.0.0/4, ff00::/8)"),

    BROADCAST("broadcast", "the broadcast address 255.255.255.255"),

    RESERVED("reserved", "a reserved address (240.0.0.0/4)"),

    /** The platform host's own addresses on the ports where the platform's services and registries listen. */
    PLATFORM_SERVICE("platform-service", "one of the platform's own service ports on the platform's host");

    private final String id;

    private final String description;

    AddressRule(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** As problem details name it: {@code loopback}, {@code cloud-metadata}, … */
    public String id() {
        return this.id;
    }

    /** What an address refused by this rule is, as in "127.0.0.1 is a loopback address (…)". */
    public String description() {
        return this.description;
    }

}
