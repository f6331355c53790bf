package io.iotdeploy.machine.device;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.iotdeploy.machine.MachineServiceApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The heartbeat's threads live and die with the service: a context that closes leaves none behind. */
class DeviceHeartbeatLifecycleTests {

    static {
        TestPlatformPki.get();
    }

    @Test
    void closingTheServiceStopsTheHeartbeatAndItsThreads() throws IOException {
        try (TestEngine engine = TestEngine.start("127.0.0.1")) {
            // as arguments, above application.yml (a free port, not machine-service's 8082)
            ConfigurableApplicationContext context = new SpringApplicationBuilder(MachineServiceApplication.class)
                .run("--server.port=0", "--spring.datasource.url=jdbc:hsqldb:mem:device-heartbeat-lifecycle-tests",
                        "--iotdeploy.devices.address-rules.allowed-networks=127.0.0.1/32",
                        "--iotdeploy.machine.heartbeat.enabled=true", "--iotdeploy.machine.heartbeat.interval=50ms",
                        "--iotdeploy.machine.heartbeat.timeout=1s");
            try {
                DeviceHeartbeat heartbeat = context.getBean(DeviceHeartbeat.class);
                assertThat(heartbeat.isRunning()).isTrue();
                context.getBean(DeviceRepository.class).insert("alice", "pi", "127.0.0.1", engine.port(), true,
                        Map.of(),
                        EnginePing.online(new EngineFacts("pi", "x86_64", null, null, null, null, null, null, null)),
                        Instant.now());
                await().atMost(Duration.ofSeconds(10)).until(() -> engine.pings() >= 3);
                assertThat(heartbeatThreads()).isNotEmpty();
            }
            finally {
                context.close();
            }
            // stop() waited for them; a thread that has finished its last task may take a moment to be gone
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(heartbeatThreads())
                .as("the pool and the clock are gone").isEmpty());
        }
    }

    private static List<String> heartbeatThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter((name) -> name.startsWith("device-heartbeat-"))
            .toList();
    }

}
