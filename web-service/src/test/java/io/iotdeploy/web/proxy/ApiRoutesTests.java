package io.iotdeploy.web.proxy;

import java.util.Map;

import io.iotdeploy.web.system.WebServiceProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class ApiRoutesTests {

    private final ApiRoutes routes = new ApiRoutes(defaults());

    /** The gateway's settings as its application.yml leaves them, without a Spring context. */
    static WebServiceProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(
                Map.of("web-service.containerization-service[linux/amd64]", "http://127.0.0.1:8083")))
            .bind("web-service", WebServiceProperties.class)
            .get();
    }

    private String serviceOf(HttpMethod method, String path) {
        return this.routes.find(method, path).map((route) -> route.service().name()).orElse("none");
    }

    @Test
    void eachPathGoesToTheServiceThatOwnsIt() {
        assertThat(serviceOf(HttpMethod.GET, "/devices")).isEqualTo("machine-service");
        assertThat(serviceOf(HttpMethod.GET, "/devices/7")).isEqualTo("machine-service");
        assertThat(serviceOf(HttpMethod.GET, "/devices/7/stats")).isEqualTo("audit-service");
        assertThat(serviceOf(HttpMethod.GET, "/devices/7/containers/app/logs/stream")).isEqualTo("logging-service");
        assertThat(serviceOf(HttpMethod.POST, "/devices/7/containers/app/stop")).isEqualTo("deployment-service");
        assertThat(serviceOf(HttpMethod.GET, "/applications/app/releases/2")).isEqualTo("deployment-service");
        assertThat(serviceOf(HttpMethod.GET, "/artifacts/sha256:ab")).isEqualTo("deployment-service");
        assertThat(serviceOf(HttpMethod.DELETE, "/tokens/3")).isEqualTo("auth-service");
        // a deployment's progress is an endless stream, bounded by the stream timeout, not the read timeout
        assertThat(this.routes.find(HttpMethod.GET, "/applications/app/deployments/4/events"))
            .hasValueSatisfying((route) -> {
                assertThat(route.service().name()).isEqualTo("deployment-service");
                assertThat(route.stream()).isTrue();
            });
        assertThat(this.routes.find(HttpMethod.GET, "/applications/app/deployments/4"))
            .hasValueSatisfying((route) -> assertThat(route.stream()).isFalse());
    }

    @Test
    void theServicesEndpointsForThePlatformItselfAreNeverRelayed() {
        // deployment-service's feed of device transitions, and auth-service's token check
        assertThat(serviceOf(HttpMethod.GET, "/devices/events")).isEqualTo("none");
        assertThat(serviceOf(HttpMethod.POST, "/tokens/verify")).isEqualTo("none");
        // a release is immutable: its images are attached by the gateway's build, its artifact uploaded by it
        assertThat(serviceOf(HttpMethod.PUT, "/applications/app/releases/2/images/linux/amd64")).isEqualTo("none");
        assertThat(serviceOf(HttpMethod.PUT, "/applications/app/releases/2/images/linux/arm/v7")).isEqualTo("none");
        assertThat(serviceOf(HttpMethod.POST, "/applications/app/releases/lookup")).isEqualTo("none");
        assertThat(serviceOf(HttpMethod.PUT, "/artifacts/sha256:ab")).isEqualTo("none");
    }

    @Test
    void examplesOfTemplatesAskTheRoutesWithConcretePaths() {
        assertThat(ServiceApiDocuments.example("/devices/{deviceId}/containers/{name}/logs"))
            .isEqualTo("/devices/1/containers/1/logs");
    }

}
