package io.iotdeploy.device;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

/** The device as machine-service's JSON describes it: reached with TLS unless it says {@code "insecure": true}. */
class DeviceDirectoryTests {

    private static final String DEVICE = """
            {"id": 7, "name": "pi", "address": "10.77.0.11", "port": %d, "dockerHost": "tcp://10.77.0.11:%d",
             "state": "online", "architecture": "aarch64", "platform": "linux/arm64"%s}""";

    @Test
    void aDeviceIsReachedWithTlsUnlessMarkedInsecure() {
        assertThat(find(DEVICE.formatted(2376, 2376, ", \"insecure\": false")).insecure()).isFalse();
        assertThat(find(DEVICE.formatted(2375, 2375, ", \"insecure\": true")).insecure()).isTrue();
        assertThat(find(DEVICE.formatted(2376, 2376, "")).insecure()).as("no flag: TLS").isFalse();
    }

    @Test
    void theEnginesChooseTheClientCertificateByTheFlag() {
        EngineTls tls = EngineTls.fromDirectory(java.nio.file.Path.of("pki/client"));
        DeviceEngines engines = new DeviceEngines(new DeviceDirectory(RestClient.create()), tls);

        assertThat(engines.tlsFor(find(DEVICE.formatted(2376, 2376, "")))).isSameAs(tls);
        assertThat(engines.tlsFor(find(DEVICE.formatted(2375, 2375, ", \"insecure\": true")))).isNull();
    }

    private static Device find(String json) {
        RestClient.Builder builder = RestClient.builder().baseUrl("http://machine-service");
        MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
        server.expect(requestTo("http://machine-service/devices/7"))
            .andRespond(withSuccess(json, MediaType.APPLICATION_JSON));
        Device device = new DeviceDirectory(builder.build()).find(7);
        server.verify();
        return device;
    }

}
