package io.iotdeploy.web;

import org.junit.jupiter.api.Test;

import io.iotdeploy.device.DeviceClientAutoConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class WebServiceApplicationTests {

    private final RestTestClient client;

    private final ApplicationContext context;

    @Autowired
    WebServiceApplicationTests(RestTestClient client, ApplicationContext context) {
        this.client = client;
        this.context = context;
    }

    @Test
    void healthIsUp() {
        this.client.get()
            .uri("/actuator/health")
            .exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    /** device-client is on the class path for its container-name rule; the gateway drives no devices. */
    @Test
    void theDeviceClientIsNotConfigured() {
        assertThat(this.context.getBeanNamesForType(DeviceClientAutoConfiguration.class)).isEmpty();
        assertThat(this.context.getBeansWithAnnotation(RestControllerAdvice.class)).containsKey("gatewayProblemAdvice")
            .doesNotContainKey("deviceClientProblemAdvice");
    }

}
