package io.iotdeploy.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyTests extends GatewayTestSupport {

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("GET", "/api/users", AUTH, "/users"),
                Arguments.of("POST", "/api/users", AUTH, "/users"),
                Arguments.of("PUT", "/api/users/me/password", AUTH, "/users/me/password"),
                Arguments.of("GET", "/api/devices", MACHINE, "/devices"),
                Arguments.of("POST", "/api/devices", MACHINE, "/devices"),
                Arguments.of("GET", "/api/devices/3", MACHINE, "/devices/3"),
                Arguments.of("DELETE", "/api/devices/3", MACHINE, "/devices/3"),
                Arguments.of("PATCH", "/api/devices/3", MACHINE, "/devices/3"),
                Arguments.of("POST", "/api/devices/3/ping", MACHINE, "/devices/3/ping"),
                Arguments.of("GET", "/api/devices/3/tls-bundle", MACHINE, "/devices/3/tls-bundle"),
                Arguments.of("PUT", "/api/devices/3/tags", MACHINE, "/devices/3/tags"),
                Arguments.of("GET", "/api/groups", MACHINE, "/groups"),
                Arguments.of("POST", "/api/groups", MACHINE, "/groups"),
                Arguments.of("GET", "/api/groups/basement.gateways", MACHINE, "/groups/basement.gateways"),
                Arguments.of("PUT", "/api/groups/basement.gateways", MACHINE, "/groups/basement.gateways"),
                Arguments.of("DELETE", "/api/groups/basement.gateways", MACHINE, "/groups/basement.gateways"),
                Arguments.of("GET", "/api/devices/3/containers", DEPLOYMENT, "/devices/3/containers"),
                Arguments.of("POST", "/api/devices/3/containers/sensor/stop", DEPLOYMENT,
                        "/devices/3/containers/sensor/stop"),
                Arguments.of("DELETE", "/api/devices/3/containers/sensor", DEPLOYMENT, "/devices/3/containers/sensor"),
                Arguments.of("GET", "/api/devices/3/images", DEPLOYMENT, "/devices/3/images"),
                Arguments.of("DELETE", "/api/devices/3/images/sha256:abc", DEPLOYMENT, "/devices/3/images/sha256:abc"),
                Arguments.of("GET", "/api/applications", DEPLOYMENT, "/applications"),
                Arguments.of("GET", "/api/applications/sensor", DEPLOYMENT, "/applications/sensor"),
                Arguments.of("GET", "/api/applications/sensor/releases/3", DEPLOYMENT,
                        "/applications/sensor/releases/3"),
                Arguments.of("GET", "/api/artifacts/sha256:abc", DEPLOYMENT, "/artifacts/sha256:abc"),
                Arguments.of("GET", "/api/devices/3/containers/sensor/logs", LOGGING, "/devices/3/containers/sensor/logs"),
                Arguments.of("GET", "/api/devices/3/containers/sensor/logs/stream", LOGGING,
                        "/devices/3/containers/sensor/logs/stream"),
                Arguments.of("GET", "/api/devices/3/containers/sensor/stats", AUDIT,
                        "/devices/3/containers/sensor/stats"),
                Arguments.of("GET", "/api/devices/3/stats", AUDIT, "/devices/3/stats"));
    }

    @ParameterizedTest(name = "{0} {1} → {2} {3}")
    @MethodSource("routes")
    void eachApiPathGoesToTheServiceThatOwnsIt(String method, String path, FakeService service, String servicePath) {
        service.answerJson(method, servicePath, 200, "{\"answeredBy\":\"" + service.name() + "\"}");
        this.client.method(HttpMethod.valueOf(method))
            .uri(path)
            .headers(GatewayTestSupport::asAlice)
            .exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.answeredBy").isEqualTo(service.name());
        assertTokenFor(service.only(method, servicePath), ALICE, false);
        assertThat(ORDER).containsExactly("auth-service POST /credentials/verify",
                service.name() + " " + method + " " + servicePath);
    }

    @Test
    void queryBodyAndContentTypeGoThroughAndTheLocationIsTheGateways() {
        MACHINE.answer("POST", "/devices", (exchange) -> {
            exchange.getResponseHeaders().set("Location", MACHINE.url() + "/devices/7");
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            byte[] body = "{\"id\":7}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
        });
        this.client.post()
            .uri("/api/devices?verbose=true&note={note}", "a b")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"address\":\"10.77.0.11\",\"port\":2375}")
            .exchange()
            .expectStatus().isCreated()
            .expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/devices/7")
            .expectBody().json("{\"id\":7}");
        FakeService.Received received = MACHINE.only("POST", "/devices");
        assertThat(received.query()).isEqualTo("verbose=true&note=a%20b");
        assertThat(received.text()).isEqualTo("{\"address\":\"10.77.0.11\",\"port\":2375}");
        assertThat(received.header("Content-Type")).isEqualTo("application/json");
        assertThat(received.header("Cookie")).isNull();
    }

    @Test
    void aServicesProblemPassesThroughUnchanged() {
        String problem = "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,"
                + "\"detail\":\"image sha256:abc is used by container sensor\",\"device\":\"dev1\"}";
        DEPLOYMENT.answerProblem("DELETE", "/devices/3/images/sha256:abc", 409, problem);
        byte[] body = this.client.delete()
            .uri("/api/devices/3/images/sha256:abc")
            .headers(GatewayTestSupport::asAlice)
            .exchange()
            .expectStatus().isEqualTo(409)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(problem);
    }

    @Test
    void aPathNoServiceOwnsIsA404Problem() {
        this.client.get()
            .uri("/api/devices/3/secrets")
            .headers(GatewayTestSupport::asAlice)
            .exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").isEqualTo("no service answers GET /api/devices/3/secrets");
        assertThat(ORDER).containsExactly("auth-service POST /credentials/verify");
    }

    /** What deployment-service and machine-service answer the platform itself: a user's request never reaches it. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "POST, /api/applications/sensor/releases/lookup",
            "PUT, /api/applications/sensor/releases/3/images/linux/arm64",
            "PUT, /api/artifacts/sha256:abc", "GET, /api/devices/events", "POST, /api/tokens/verify" })
    void theServicesEndpointsForThePlatformItselfAreA404Problem(String method, String path) {
        this.client.method(HttpMethod.valueOf(method))
            .uri(path)
            .headers(GatewayTestSupport::asAlice)
            .exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").isEqualTo("no service answers " + method + " " + path);
        assertThat(ORDER).containsExactly("auth-service POST /credentials/verify");
    }

    @Test
    void aReleaseIsMadeByAnUploadNeverByJsonToDeploymentService() {
        this.client.post()
            .uri("/api/applications/sensor/releases")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"artifact\":{\"sha256\":\"ab\",\"size\":1}}")
            .exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.field").isEqualTo("file");
        assertThat(ORDER).containsExactly("auth-service POST /credentials/verify");
    }

    @Test
    void aServiceThatDropsTheConnectionIsA502NamingIt() {
        AUDIT.answer("GET", "/devices/3/stats", (exchange) -> exchange.close());
        this.client.get()
            .uri("/api/devices/3/stats")
            .headers(GatewayTestSupport::asAlice)
            .exchange()
            .expectStatus().isEqualTo(502)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.service").isEqualTo("audit-service")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail).contains("audit-service"));
    }

    @Test
    void aLogStreamArrivesEventByEvent() throws Exception {
        CountDownLatch firstEventArrived = new CountDownLatch(1);
        LOGGING.answer("GET", "/devices/3/containers/sensor/logs/stream", (exchange) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("data: hello-server listening on port 8000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // The second event only after the client has seen the first: a buffering gateway never delivers it.
            try {
                if (!firstEventArrived.await(20, TimeUnit.SECONDS)) {
                    return;
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            out.write("data: GET / 200\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        });

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + this.port + "/api/devices/3/containers/sensor/logs/stream?tail=10"))
            .header("Authorization", basic(ALICE, ALICE_PASSWORD))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(30))
            .build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("data: hello-server listening on port 8000");
            firstEventArrived.countDown();
            assertThat(lines.readLine()).isEmpty();
            assertThat(lines.readLine()).isEqualTo("data: GET / 200");
        }
        FakeService.Received received = LOGGING.only("GET", "/devices/3/containers/sensor/logs/stream");
        assertThat(received.query()).isEqualTo("tail=10");
        assertTokenFor(received, ALICE, false);
    }


    @Test
    void aClientLeavingALogStreamClosesTheStreamFromTheService() throws Exception {
        CountDownLatch serviceSawTheEnd = new CountDownLatch(1);
        LOGGING.answer("GET", "/devices/3/containers/sensor/logs/stream", (exchange) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; i < 200; i++) {
                    out.write(("data: line " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(50);
                }
            }
            catch (IOException ex) {
                serviceSawTheEnd.countDown();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + this.port + "/api/devices/3/containers/sensor/logs/stream"))
            .header("Authorization", basic(ALICE, ALICE_PASSWORD))
            .build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("data: line 0");
        }
        // Well before the 200 events are through, and long before the stream timeout.
        assertThat(serviceSawTheEnd.await(5, TimeUnit.SECONDS)).isTrue();
    }

}
