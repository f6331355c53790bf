package io.iotdeploy.machine.device;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a device's engine listens: an IPv4 or IPv6 literal or a DNS name. Checked by syntax only, never by
 * resolving it: a device that is off (or whose name does not resolve yet) can still be registered.
 */
final class DeviceAddress {

    /** The longest DNS name (RFC 1035); literals are shorter. */
    static final int MAX_LENGTH = 253;

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-f][0-9a-f:.]*|:[0-9a-f:.]*");

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private DeviceAddress() {
    }

    /** Case does not matter in names or IPv6 literals; one spelling keeps "already registered" exact. */
    static String normalize(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    static boolean isValid(String address) {
        String candidate = normalize(address);
        if (candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return false;
        }
        if (candidate.indexOf(':') >= 0) {
            return isIpv6(candidate);
        }
        return IPV4.matcher(candidate).matches() || isDnsName(candidate);
    }

    /** Whether a valid address is an IP literal (else it is a DNS name). */
    static boolean isIpLiteral(String address) {
        String candidate = normalize(address);
        return candidate.indexOf(':') >= 0 || IPV4.matcher(candidate).matches();
    }

    /** {@code tcp://10.77.0.11:2375}; an IPv6 literal in brackets, as in a URI. */
    static String dockerHost(String address, int port) {
        String host = (address.indexOf(':') >= 0) ? "[" + address + "]" : address;
        return "tcp://" + host + ":" + port;
    }

    private static boolean isIpv6(String candidate) {
        // only hex digits, colons and dots, starting with a hex digit or a colon: InetAddress parses that as a
        // literal and never asks a resolver
        if (!IPV6_CHARACTERS.matcher(candidate).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(candidate);
            return true;
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }

    private static boolean isDnsName(String candidate) {
        String[] labels = candidate.split("\\.", -1);
        for (String label : labels) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // an all-numeric last label is a mistyped IPv4 address (999.1.1.1, 10.0.0.011), not a name
        return !DIGITS.matcher(labels[labels.length - 1]).matches();
    }

}
