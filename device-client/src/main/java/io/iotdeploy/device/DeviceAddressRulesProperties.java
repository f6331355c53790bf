package io.iotdeploy.device;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code iotdeploy.devices.address-rules.*}: what {@link DeviceAddressRules} refuses.
 *
 * @param allowedNetworks   CIDR networks an administrator allows although they are loopback, link-local or another
 *                          refused class ({@code 127.0.0.0/8} for devices on the platform's own host, for example);
 *                          the platform's ports on its own host stay refused
 * @param platformPorts     the ports of the platform's services (8080-8087) and registries (5000-5002) on its host;
 *                          a single port or a range each
 * @param platformAddresses addresses of the platform's host that its network interfaces do not show (a NAT's public
 *                          address, a load balancer in front), refused on the platform's ports like the interfaces'
 */
@ConfigurationProperties("iotdeploy.devices.address-rules")
public record DeviceAddressRulesProperties(@DefaultValue List<String> allowedNetworks,
        @DefaultValue({ SERVICE_PORTS, REGISTRY_PORTS }) List<String> platformPorts,
        @DefaultValue List<String> platformAddresses) {

    /** web-service 8080 to audit-service 8087. */
    public static final String SERVICE_PORTS = "8080-8087";

    /** The private registry (5000), the upstream one (5001), and one spare. */
    public static final String REGISTRY_PORTS = "5000-5002";

    /** The rules without any configuration: nothing allowed beyond the defaults. */
    public static DeviceAddressRulesProperties defaults() {
        return new DeviceAddressRulesProperties(List.of(), List.of(SERVICE_PORTS, REGISTRY_PORTS), List.of());
    }

}
