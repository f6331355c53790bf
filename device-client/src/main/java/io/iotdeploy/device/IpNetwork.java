package io.iotdeploy.device;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A range of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fe80::/10}), or one address
 * ({@code 169.254.169.254} is {@code 169.254.169.254/32}). Only literals: never a name that a resolver would have to
 * look up, and only the four-decimal-numbers form of IPv4, because {@code 2130706433} or {@code 0177.0.0.1} mean
 * different addresses to different parsers.
 *
 * @param address      the first address of the range (bits after the prefix are cleared)
 * @param prefixLength how many leading bits every address in the range shares
 */
public record IpNetwork(InetAddress address, int prefixLength) {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    public IpNetwork {
        Objects.requireNonNull(address, "address");
        int bits = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("a prefix of " + prefixLength + " bits does not fit " + address);
        }
        address = masked(address, prefixLength);
    }

    /**
     * @param cidr {@code 10.0.0.0/8}, {@code fd00::/8}, or one address
     * @throws IllegalArgumentException naming the text when it is no such thing
     */
    public static IpNetwork parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String literal = (slash >= 0) ? text.substring(0, slash) : text;
        InetAddress address = literal(literal);
        if (address == null) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP network: write it as 10.0.0.0/8, "
                    + "fd00::/8 or a single IPv4 or IPv6 address");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length: 0 to " + bits);
            }
            prefix = Integer.parseInt(length);
        }
        return new IpNetwork(address, prefix);
    }

    /**
     * An IPv4 literal of four decimal numbers or an IPv6 literal (optionally in brackets), parsed without asking
     * a resolver; {@code null} for anything else. An IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}) is
     * returned as the IPv4 address it maps.
     */
    public static InetAddress literal(String text) {
        String candidate = text.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        if (!IPV4.matcher(candidate).matches() && !IPV6.matcher(candidate).matches()) {
            // scope ids (fe80::1%eth0) and everything else that is not a plain literal
            return null;
        }
        try {
            // a literal of these characters only: InetAddress parses it and never asks a resolver
            return InetAddress.getByName(candidate);
        }
        catch (UnknownHostException ex) {
            return null;
        }
    }

    /** Whether the address is in this range; an IPv4 address is never in an IPv6 range, nor the other way round. */
    public boolean contains(InetAddress candidate) {
        byte[] network = this.address.getAddress();
        byte[] other = candidate.getAddress();
        if (network.length != other.length) {
            return false;
        }
        return Arrays.equals(network, masked(candidate, this.prefixLength).getAddress());
    }

    @Override
    public String toString() {
        return this.address.getHostAddress() + "/" + this.prefixLength;
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            bytes[i] = (byte) (bytes[i] & (0xff << (8 - keep)));
        }
        try {
            return InetAddress.getByAddress(bytes);
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex); // four or sixteen bytes: cannot happen
        }
    }

}
