package io.iotdeploy.deployment.settings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.iotdeploy.policy.InvalidSetting;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthCheckTests {

    @Test
    void anHttpCheckHasTheDefaultsAndRunsTheProbeWithTheImagesJava() {
        List<InvalidSetting> errors = new ArrayList<>();
        HealthCheck check = HealthCheck.parse(" http:08080/actuator/health ", null, null, null, null, errors);

        assertThat(errors).isEmpty();
        assertThat(check.check()).isEqualTo("http:8080/actuator/health");
        assertThat(check.interval()).isEqualTo(HealthCheck.DEFAULT_INTERVAL);
        assertThat(check.timeout()).isEqualTo(HealthCheck.DEFAULT_TIMEOUT);
        assertThat(check.startPeriod()).isEqualTo(HealthCheck.DEFAULT_START_PERIOD);
        assertThat(check.retries()).isEqualTo(HealthCheck.DEFAULT_RETRIES);
        assertThat(check.needsProbe()).isTrue();
        assertThat(check.dockerTest()).startsWith("CMD", "java")
            .containsSubsequence("-cp", HealthProbe.DIRECTORY, HealthProbe.class.getName(), "http", "8080", "5000",
                    "/actuator/health");
    }

    @Test
    void aTcpCheckAndACommandWithTheirTimings() {
        List<InvalidSetting> errors = new ArrayList<>();
        HealthCheck tcp = HealthCheck.parse("tcp:1883", "2s", "500ms", "0s", 5, errors);
        HealthCheck command = HealthCheck.parse("cmd: test -f /tmp/ready ", null, null, "2m", null, errors);

        assertThat(errors).isEmpty();
        assertThat(tcp.check()).isEqualTo("tcp:1883");
        assertThat(tcp.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(tcp.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(tcp.startPeriod()).isZero();
        assertThat(tcp.retries()).isEqualTo(5);
        assertThat(tcp.dockerTest()).endsWith("tcp", "1883", "500");
        assertThat(command.check()).isEqualTo("cmd:test -f /tmp/ready");
        assertThat(command.dockerTest()).containsExactly("CMD-SHELL", "test -f /tmp/ready");
        assertThat(command.needsProbe()).isFalse();
        assertThat(HealthCheck.format(command.startPeriod())).isEqualTo("120s");
        assertThat(HealthCheck.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void noCheckIsNoneAndItsTimingsAloneAreAMistake() {
        List<InvalidSetting> errors = new ArrayList<>();
        assertThat(HealthCheck.parse(null, null, null, null, null, errors)).isNull();
        assertThat(HealthCheck.parse(" ", null, null, null, null, errors)).isNull();
        assertThat(errors).isEmpty();

        assertThat(HealthCheck.parse(null, "10s", null, null, null, errors)).isNull();
        assertThat(errors).singleElement().extracting(InvalidSetting::field).isEqualTo("healthCheck");
    }

    @Test
    void everyMalformedPartIsNamed() {
        for (String check : new String[] { "http:8080", "http:8080 /x", "http:99999/", "tcp:", "tcp:0", "ftp:21",
                "cmd:", "cmd:a\nb", "8080", "http:80/" + "x".repeat(600) }) {
            List<InvalidSetting> errors = new ArrayList<>();
            assertThat(HealthCheck.parse(check, null, null, null, null, errors)).as(check).isNull();
            assertThat(errors).as(check).singleElement().extracting(InvalidSetting::field).isEqualTo("healthCheck");
        }
        List<InvalidSetting> errors = new ArrayList<>();
        assertThat(HealthCheck.parse("tcp:80", "soon", "50ms", "2h", 0, errors)).isNull();
        assertThat(errors).extracting(InvalidSetting::field)
            .containsExactly("healthInterval", "healthTimeout", "healthStartPeriod", "healthRetries");
        assertThat(errors.get(0).detail()).contains("'soon'");
    }

    @Test
    void theProbeSucceedsOnA2xxAnswerAndFailsOnA500AClosedPortAndATimeout() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", (exchange) -> answer(exchange, 200));
        server.createContext("/broken", (exchange) -> answer(exchange, 500));
        server.start();
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(server.getAddress().getPort());
            assertThat(probe("http", port, "2000", "/ok")).startsWith("0:GET /ok: HTTP/1.1 200");
            assertThat(probe("http", port, "2000", "/broken")).startsWith("1:unhealthy:").contains("500");
            assertThat(probe("tcp", port, "2000")).startsWith("0:tcp " + port);
            // accepts the connection, never answers
            assertThat(probe("http", Integer.toString(silent.getLocalPort()), "300", "/")).startsWith("1:unhealthy:")
                .contains("timed out");
        }
        finally {
            server.stop(0);
        }
        try (ServerSocket closed = new ServerSocket(0)) {
            String port = Integer.toString(closed.getLocalPort());
            closed.close();
            assertThat(probe("tcp", port, "1000")).startsWith("1:unhealthy: java.io.IOException: 127.0.0.1:" + port);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status) throws IOException {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** Runs the probe as the container does, in a JVM of its own: {@code exit code:output}. */
    private static String probe(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", System.getProperty("java.class.path"), HealthProbe.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ":" + output;
    }

}
