package io.iotdeploy.device;

/**
 * The platform refuses to reach a device at this address: it is, or its name resolves to, an address that one of
 * the {@link DeviceAddressRules} refuses. The message says which address, which rule and what to do.
 */
public class AddressRefusedException extends RuntimeException {

    private final String address;

    private final int port;

    private final String refusedAddress;

    private final AddressRule rule;

    /**
     * @param address        the device's address as its owner gave it (a literal or a name)
     * @param refusedAddress the address that was refused: the literal itself, one the name resolved to, or the IPv4
     *                       address embedded in an IPv6 one
     */
    public AddressRefusedException(String address, int port, String refusedAddress, AddressRule rule, String message) {
        super(message);
        this.address = address;
        this.port = port;
        this.refusedAddress = refusedAddress;
        this.rule = rule;
    }

    public String address() {
        return this.address;
    }

    public int port() {
        return this.port;
    }

    public String refusedAddress() {
        return this.refusedAddress;
    }

    public AddressRule rule() {
        return this.rule;
    }

}
