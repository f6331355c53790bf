package io.iotdeploy.deployment;

import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceDirectory;
import io.iotdeploy.device.DeviceNotFoundException;
import io.iotdeploy.device.EngineTls;
import io.iotdeploy.device.TestWorld;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * Stands in for machine-service (another module): device 1 is the world's dev1, 2 is dev2, 3 an address
 * where no engine answers; any other id is not the caller's.
 */
@TestConfiguration(proxyBeanMethods = false)
public class WorldDevices {

    public static final long DEV1 = 1;

    public static final long DEV2 = 2;

    static final long UNREACHABLE = 3;

    static final String UNREACHABLE_ADDRESS = "10.77.0.250";

    @Bean
    DeviceDirectory deviceDirectory() {
        TestWorld world = TestWorld.load();
        return new DeviceDirectory(RestClient.create()) {
            @Override
            public Device find(long deviceId) {
                if (deviceId == DEV1 || deviceId == DEV2) {
                    TestWorld.Device device = world.device((int) deviceId - 1);
                    return device(deviceId, device.name(), device.address(), device.apiPort(), !device.tls());
                }
                if (deviceId == UNREACHABLE) {
                    return device(deviceId, "ghost", UNREACHABLE_ADDRESS, 2376, false);
                }
                throw new DeviceNotFoundException(deviceId);
            }
        };
    }

    /** The services show the world's devices the client certificate the launcher made (pki/client). */
    @Bean
    EngineTls engineTls() {
        return TestWorld.load().engineTls();
    }

    private static Device device(long id, String name, String address, int port, boolean insecure) {
        return new Device(id, name, address, port, "tcp://" + address + ":" + port, "online", "x86_64", "linux/amd64",
                insecure);
    }

}
