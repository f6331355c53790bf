package io.iotdeploy.web.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTests {

    @Test
    void withoutTrustedProxiesTheClientIsTheConnectionWhateverTheRequestSays() {
        ClientAddress addresses = new ClientAddress(List.of());
        assertThat(addresses.of(request("127.0.0.1", "10.9.9.9"))).isEqualTo("127.0.0.1");
        assertThat(addresses.of(request("192.0.2.7"))).isEqualTo("192.0.2.7");
    }

    @Test
    void aTrustedProxysForwardedForNamesTheClient() {
        ClientAddress addresses = new ClientAddress(List.of("10.0.0.5"));
        assertThat(addresses.of(request("10.0.0.5", "192.0.2.7"))).isEqualTo("192.0.2.7");
        // the client wrote the left part itself: only what the proxy appended counts
        assertThat(addresses.of(request("10.0.0.5", "203.0.113.1, 192.0.2.7"))).isEqualTo("192.0.2.7");
        // from anyone else the header is ignored
        assertThat(addresses.of(request("10.0.0.6", "192.0.2.7"))).isEqualTo("10.0.0.6");
        // a trusted proxy that sent none
        assertThat(addresses.of(request("10.0.0.5"))).isEqualTo("10.0.0.5");
    }

    @Test
    void aChainOfTrustedProxiesIsReadFromTheRight() {
        ClientAddress addresses = new ClientAddress(List.of("10.0.0.0/24", " 172.16.0.1 "));
        assertThat(addresses.of(request("10.0.0.5", "203.0.113.1, 192.0.2.7, 172.16.0.1, 10.0.0.9")))
            .isEqualTo("192.0.2.7");
        // and from several headers, in order
        MockHttpServletRequest request = request("10.0.0.5", "203.0.113.1", "192.0.2.7, 172.16.0.1");
        assertThat(addresses.of(request)).isEqualTo("192.0.2.7");
    }

    @Test
    void aHopThatIsNoAddressEndsTheChainAndNoNameIsResolved() {
        ClientAddress addresses = new ClientAddress(List.of("10.0.0.5", "10.0.0.6"));
        assertThat(addresses.of(request("10.0.0.5", "evil.example, 10.0.0.6"))).isEqualTo("10.0.0.6");
        assertThat(addresses.of(request("10.0.0.5", "unknown"))).isEqualTo("10.0.0.5");
        assertThat(addresses.of(request("10.0.0.5", "999.1.1.1"))).isEqualTo("10.0.0.5");
        assertThat(addresses.of(request("10.0.0.5", "[2001:db8::1]"))).isEqualTo("10.0.0.5");
    }

    @Test
    void ipv6AddressesAreWrittenOneWay() {
        ClientAddress addresses = new ClientAddress(List.of("10.0.0.5"));
        assertThat(addresses.of(request("10.0.0.5", "2001:DB8:0:0::1"))).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(addresses.of(request("10.0.0.5", "::ffff:192.0.2.7"))).isEqualTo("192.0.2.7");
        assertThat(ClientAddress.literal("10.77.0.1")).isEqualTo("10.77.0.1");
        assertThat(ClientAddress.literal("localhost")).isNull();
        assertThat(ClientAddress.literal("1:2:3")).isNull();
    }

    private static MockHttpServletRequest request(String remoteAddress, String... forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/devices");
        request.setRemoteAddr(remoteAddress);
        for (String header : forwardedFor) {
            request.addHeader("X-Forwarded-For", header);
        }
        return request;
    }

}
