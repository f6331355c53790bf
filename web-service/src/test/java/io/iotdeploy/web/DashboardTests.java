package io.iotdeploy.web;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class DashboardTests {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    private final RestTestClient client;

    @Autowired
    DashboardTests(RestTestClient client) {
        this.client = client;
    }

    @Test
    void rootServesTheDashboard() {
        String page = index();
        assertThat(page).contains("IoT Deploy").contains("ng-app=\"iotDeploy\"");
    }

    @Test
    void everyAssetTheDashboardLoadsIsServed() {
        List<String> assets = ASSET.matcher(index()).results()
            .map((match) -> match.group(1))
            .map((path) -> path.startsWith("/") ? path : "/" + path)
            .toList();
        assertThat(assets).contains("/webjars/angularjs/1.8.3/angular.min.js", "/app.js");
        for (String asset : assets) {
            this.client.get().uri(asset).exchange().expectStatus().isOk();
        }
    }

    private String index() {
        return this.client.get()
            .uri("/")
            .accept(MediaType.TEXT_HTML)
            .exchange()
            .expectStatus().isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    }

}
