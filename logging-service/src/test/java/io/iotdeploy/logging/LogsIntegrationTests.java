package io.iotdeploy.logging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.iotdeploy.device.TestContainers;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceDirectory;
import io.iotdeploy.device.DeviceNotFoundException;
import io.iotdeploy.device.EngineTls;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logs of real containers on the test world's device dev1, through this service's HTTP API: the hello
 * server the platform would deploy, a container that keeps printing, and a container of another user.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "logging-service.stream.heartbeat=1s", "logging-service.stream.timeout=10s" })
@AutoConfigureRestTestClient
class LogsIntegrationTests {

    private static final String GREETING = "logs-it-" + UUID.randomUUID();

    private static final String STARTUP_LINE = "hello-server listening on port 8000 (" + GREETING + ")";

    private static final long DEV1 = 1;

    private static final long GHOST = 9;

    private static final Device GHOST_DEVICE = new Device(GHOST, "ghost", "10.77.0.250", 2376,
            "tcp://10.77.0.250:2376", "offline", "x86_64", "linux/amd64", false);

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private static TestWorld world;

    private static TestContainers containers;

    private static String hello;

    private static String ticker;

    private static String bobs;

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    @Autowired
    private RestTestClient client;

    @Autowired
    private InternalTokens tokens;

    @Autowired
    private ContainerLogs logs;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void startContainers(@TempDir Path dir) throws Exception {
        world = TestWorld.load();
        containers = new TestContainers(world, world.device(0));
        String image = containers.helloImage(dir, "logging-it/hello", GREETING);
        String suffix = Long.toString(System.currentTimeMillis());
        hello = "logs-it-hello-" + suffix;
        ticker = "logs-it-ticker-" + suffix;
        bobs = "logs-it-bob-" + suffix;
        containers.run(image, hello, "alice");
        // bounded, so that a container left behind by a broken run stops by itself
        containers.run(image, ticker, "alice", "sh", "-c",
                "i=0; while [ $i -lt 600 ]; do i=$((i+1)); echo tick $i; sleep 1; done");
        containers.run(image, bobs, "bob", "sleep", "600");
        containers.awaitOutput(hello, STARTUP_LINE, Duration.ofSeconds(60));
        containers.awaitOutput(ticker, "tick 3\n", Duration.ofSeconds(30));
    }

    @AfterAll
    static void removeContainers() throws IOException {
        if (containers != null) {
            containers.close();
        }
    }

    @Test
    void theLogHoldsTheStartupLine() {
        assertThat(lines(hello, "")).contains(STARTUP_LINE);
        assertThat(lines(hello, "?tail=all")).contains(STARTUP_LINE);
    }

    @Test
    void tailOneGivesTheLastLine() {
        List<String> lines = lines(ticker, "?tail=1");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("tick \\d+");
        assertThat(lines(ticker, "?tail=3")).hasSize(3).allMatch((line) -> line.matches("tick \\d+"));
    }

    @Test
    void sinceLeavesOutWhatCameBefore() {
        assertThat(lines(hello, "?since=" + Instant.now().plusSeconds(3600).getEpochSecond())).isEmpty();
        assertThat(lines(hello, "?since=0")).contains(STARTUP_LINE);
    }

    @Test
    void aTailThatIsNoNumberOrTooLargeIsABadRequest() {
        for (String tail : List.of("abc", "-1", "10001")) {
            this.client.get()
                .uri("/devices/{id}/containers/{name}/logs?tail=" + tail, DEV1, hello)
                .header(HttpHeaders.AUTHORIZATION, bearer("alice"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(String.class, (detail) -> assertThat(detail).contains(tail));
        }
    }

    @Test
    void theStreamDeliversTheStartupLine() throws Exception {
        try (EventStream stream = openStream(hello, "?tail=100")) {
            assertThat(stream.awaitData(STARTUP_LINE::equals, Duration.ofSeconds(20))).isEqualTo(STARTUP_LINE);
        }
    }

    @Test
    void theStreamDeliversLinesAsTheContainerPrintsThemAndEndsWithTheClient() throws Exception {
        try (EventStream stream = openStream(ticker, "?tail=0")) {
            // tail=0: nothing from before the stream opened, so every tick that arrives was printed since
            String first = stream.awaitData((line) -> line.startsWith("tick "), Duration.ofSeconds(15));
            int tick = Integer.parseInt(first.substring(5));
            assertThat(stream.awaitData(("tick " + (tick + 1))::equals, Duration.ofSeconds(15)))
                .isEqualTo("tick " + (tick + 1));
            assertThat(this.logs.openStreams()).isPositive();
        }
        // the client went away: the heartbeat notices, the stream to the device closes and its thread is free
        awaitNoOpenStreams();
    }

    @Test
    void theStreamEndsAtItsTimeoutAndClosesTheDeviceStream() throws Exception {
        // the hello server prints nothing after its start: only the timeout (10 s here) ends this stream
        try (EventStream stream = openStream(hello, "?tail=0")) {
            assertThat(stream.awaitEnd(Duration.ofSeconds(30))).as("the stream ended").isTrue();
            assertThat(stream.data).as("events (an error would be one)").isEmpty();
        }
        awaitNoOpenStreams();
    }

    @Test
    void anUnknownContainerIsNotFound() throws Exception {
        String name = "no-such-container-" + UUID.randomUUID();
        Map<String, Object> problem = problem(name, 404);
        assertThat(problem).containsEntry("title", "Unknown container").containsEntry("device", "dev1")
            .containsEntry("container", name);
        assertThat((String) problem.get("detail")).contains(name).contains("dev1");

        HttpResponse<String> streamAnswer = this.http.send(streamRequest(name, ""), HttpResponse.BodyHandlers.ofString());
        assertThat(streamAnswer.statusCode()).isEqualTo(404);
        assertThat(streamAnswer.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
        assertThat(streamAnswer.body()).contains(name).contains("dev1");
    }

    @Test
    void anotherUsersContainerIsNotFound() {
        Map<String, Object> problem = problem(bobs, 404);
        assertThat(problem).containsEntry("container", bobs);
        // the owner sees it
        this.client.get()
            .uri("/devices/{id}/containers/{name}/logs", DEV1, bobs)
            .header(HttpHeaders.AUTHORIZATION, bearer("bob"))
            .exchange()
            .expectStatus().isOk();
    }

    @Test
    void anUnknownDeviceIsNotFound() {
        this.client.get()
            .uri("/devices/{id}/containers/{name}/logs", 42, hello)
            .header(HttpHeaders.AUTHORIZATION, bearer("alice"))
            .exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.title").isEqualTo("Unknown device");
    }

    @Test
    void anUnreachableDeviceIsABadGatewayNamingTheDevice() {
        Map<String, Object> problem = this.client.get()
            .uri("/devices/{id}/containers/{name}/logs", GHOST, hello)
            .header(HttpHeaders.AUTHORIZATION, bearer("alice"))
            .exchange()
            .expectStatus().value((status) -> assertThat(status).isIn(502, 504))
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(JSON).returnResult().getResponseBody();
        assertThat(problem).containsEntry("device", "ghost").containsEntry("address", "10.77.0.250");
        assertThat((String) problem.get("detail")).contains("ghost");
    }

    @Test
    void withoutATokenNothingIsAnswered() {
        this.client.get()
            .uri("/devices/{id}/containers/{name}/logs", DEV1, hello)
            .exchange()
            .expectStatus().isUnauthorized();
    }

    private List<String> lines(String container, String query) {
        Map<String, Object> body = this.client.get()
            .uri("/devices/{id}/containers/{name}/logs" + query, DEV1, container)
            .header(HttpHeaders.AUTHORIZATION, bearer("alice"))
            .exchange()
            .expectStatus().isOk()
            .expectBody(JSON).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<String> lines = (List<String>) body.get("lines");
        return lines;
    }

    private Map<String, Object> problem(String container, int status) {
        return this.client.get()
            .uri("/devices/{id}/containers/{name}/logs", DEV1, container)
            .header(HttpHeaders.AUTHORIZATION, bearer("alice"))
            .exchange()
            .expectStatus().isEqualTo(status)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(JSON).returnResult().getResponseBody();
    }

    private void awaitNoOpenStreams() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (this.logs.openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(this.logs.openStreams()).as("log streams still open").isZero();
    }

    private String bearer(String user) {
        return "Bearer " + this.tokens.issue(user, false);
    }

    private HttpRequest streamRequest(String container, String query) {
        return HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + this.port + "/devices/" + DEV1 + "/containers/" + container
                    + "/logs/stream" + query))
            .header(HttpHeaders.AUTHORIZATION, bearer("alice"))
            .header(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE)
            .timeout(Duration.ofSeconds(30))
            .build();
    }

    private EventStream openStream(String container, String query) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = this.http.send(streamRequest(container, query),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE));
        return new EventStream(response.body());
    }

    /** Reads the {@code data:} lines of a server-sent event stream as they arrive. */
    private static final class EventStream implements AutoCloseable {

        private final InputStream body;

        private final BlockingQueue<String> data = new LinkedBlockingQueue<>();

        private final List<String> seen = new ArrayList<>();

        private final CountDownLatch ended = new CountDownLatch(1);

        EventStream(InputStream body) {
            this.body = body;
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("data:")) {
                            this.data.add(line.substring(5));
                        }
                    }
                }
                catch (IOException ex) {
                    // closed by the test
                }
                this.ended.countDown();
            }, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }

        String awaitData(Predicate<String> wanted, Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            while (true) {
                String line = this.data.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no wanted event within " + patience + "; events seen: " + this.seen);
                }
                this.seen.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
        }

        /** Whether the server ended the response within {@code patience}. */
        boolean awaitEnd(Duration patience) throws InterruptedException {
            return this.ended.await(patience.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() throws IOException {
            this.body.close();
        }

    }

    @TestConfiguration(proxyBeanMethods = false)
    static class WorldDevices {

        /** Device 1 is the test world's dev1; device 9 an address where no device answers. */
        @Bean
        DeviceDirectory deviceDirectory() {
            TestWorld.Device dev1 = TestWorld.load().device(0);
            Device device = new Device(DEV1, dev1.name(), dev1.address(), dev1.apiPort(), dev1.dockerHost(), "online",
                    "x86_64", "linux/amd64", !dev1.tls());
            return new DeviceDirectory(RestClient.create()) {
                @Override
                public Device find(long deviceId) {
                    if (deviceId == DEV1) {
                        return device;
                    }
                    if (deviceId == GHOST) {
                        return GHOST_DEVICE;
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

    }

}
