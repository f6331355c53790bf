package io.iotdeploy.web.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Who is asking, for {@link LoginThrottle}: the address the connection comes from ({@code getRemoteAddr()}). A
 * request's own {@code X-Forwarded-For} is believed only when the connection comes from a configured trusted proxy
 * ({@code web-service.security.trusted-proxies}, none by default); then the client is the last address in it that
 * is not itself a trusted proxy, read from the right, where each proxy appended the address it saw. Anything to the
 * left of that was written by the client and is ignored, as is a hop that is no IP address (no name is ever
 * resolved).
 */
@Component
class ClientAddress {

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

    private static final Pattern IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");

    /** Starts as Java's parser expects a literal to, and has a ':', so that Java never takes it for a name. */
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9a-fA-F:][0-9a-fA-F:.]*");

    private final List<IpAddressMatcher> trustedProxies;

    @Autowired
    ClientAddress(GatewaySecurityProperties properties) {
        this(properties.trustedProxies());
    }

    ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(String::strip).filter((proxy) -> !proxy.isEmpty())
            .map(IpAddressMatcher::new).toList();
    }

    /** The client's address. */
    String of(HttpServletRequest request) {
        String client = request.getRemoteAddr();
        if (this.trustedProxies.isEmpty() || !isTrustedProxy(client)) {
            return client;
        }
        List<String> hops = forwardedFor(request);
        for (int i = hops.size() - 1; i >= 0 && isTrustedProxy(client); i--) {
            String hop = literal(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
        }
        return client;
    }

    /** Spring Security's details of an authentication, with the client's address as {@link #of} says it. */
    AuthenticationDetailsSource<HttpServletRequest, WebAuthenticationDetails> details() {
        return (request) -> {
            HttpSession session = request.getSession(false);
            return new WebAuthenticationDetails(of(request), (session != null) ? session.getId() : null);
        };
    }

    private boolean isTrustedProxy(String address) {
        if (literal(address) == null) {
            return false;
        }
        try {
            return this.trustedProxies.stream().anyMatch((proxy) -> proxy.matches(address));
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    /**
     * The address in its usual form when it is an IP address (IPv4 dotted quad, IPv6 without brackets), else null.
     * Parsing it costs no DNS request: Java looks up no name that starts with a hex digit or ':' and has a ':'.
     */
    static String literal(String address) {
        if (address == null || address.length() > 45) {
            return null;
        }
        if (IPV4.matcher(address).matches()) {
            return address;
        }
        if (!IPV6.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getHostAddress();
        }
        catch (UnknownHostException ex) {
            return null;
        }
    }

    /** Every address of every {@code X-Forwarded-For} header, in order. */
    private static List<String> forwardedFor(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders(FORWARDED_FOR))) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        return hops;
    }

}
