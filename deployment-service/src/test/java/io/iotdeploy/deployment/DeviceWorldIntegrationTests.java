package io.iotdeploy.deployment;

import java.io.IOException;
import java.net.URI;



import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.core.command.BuildImageResultCallback;
import com.github.dockerjava.core.command.PushImageResultCallback;
import io.iotdeploy.device.DockerEngines;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The world the launcher starts is real: device engines answer over TCP on their own addresses, an image
 * built on the build host goes through the private registry onto a device, runs there and answers on its
 * mapped port from the host; a stopped device is really gone.
 */
class DeviceWorldIntegrationTests {


    private static TestWorld world;

    @BeforeAll
    static void loadWorld() {
        world = TestWorld.load();
    }

    @Test
    void everyDeviceIsItsOwnEngineOnItsOwnAddress() {
        assertThat(world.devices()).hasSizeGreaterThanOrEqualTo(2);
        for (TestWorld.Device device : world.devices()) {
            try (DockerClient docker = world.control(device)) {
                Info info = docker.infoCmd().exec();
                // the arm64 devices are virtual machines with a real arm64 kernel
                assertThat(info.getArchitecture()).isEqualTo(device.name().startsWith("arm") ? "aarch64" : "x86_64");
                assertThat(info.getName()).isEqualTo(device.name());
                // both registries are trusted through the platform CA (TLS), neither as an insecure registry
                assertThat(info.getRegistryConfig().getIndexConfigs()).doesNotContainKey(world.privateRegistry())
                    .doesNotContainKey(world.upstreamRegistry());
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    @Test
    void imageGoesThroughTheRegistryOntoADeviceAndAnswersOnItsMappedPort(@TempDir Path dir) throws Exception {
        String greeting = "world-test-" + UUID.randomUUID();
        Path jar = TestApps.helloServerJar(dir, greeting);
        Files.move(jar, dir.resolve("app.jar"));
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM %s/base/java:17
                ADD app.jar /app/app.jar
                ENTRYPOINT ["java", "-jar", "/app/app.jar"]
                """.formatted(world.upstreamRegistry()));
        String repository = world.privateRegistry() + "/world-test/hello";
        String tag = Long.toString(System.currentTimeMillis());

        try (DockerClient build = world.buildEngineClient()) {
            // the build engine's local base tag may point at another platform's image: say which one
            build.buildImageCmd(dir.toFile()).withTags(Set.of(repository + ":" + tag))
                .withPlatform("linux/amd64").withPull(true)
                .exec(new BuildImageResultCallback()).awaitImageId(5, TimeUnit.MINUTES);
            assertThat(build.pushImageCmd(repository).withTag(tag)
                .withAuthConfig(world.registryAuth("builder")).exec(new PushImageResultCallback())
                .awaitCompletion(5, TimeUnit.MINUTES)).as("push finished in time").isTrue();
        }

        TestWorld.Device device = world.device(0);
        int hostPort = 18000 + (int) (System.nanoTime() % 1000);
        try (DockerClient streaming = world.streaming(device); DockerClient docker = world.control(device)) {
            assertThat(streaming.pullImageCmd(repository).withTag(tag)
                .withAuthConfig(world.registryAuth("device")).exec(new PullImageResultCallback())
                .awaitCompletion(5, TimeUnit.MINUTES)).as("pull finished in time").isTrue();
            String id = docker.createContainerCmd(repository + ":" + tag)
                .withName("world-test-" + tag)
                .withLabels(Map.of("iotdeploy.managed", "true", "iotdeploy.test", "world"))
                .withExposedPorts(ExposedPort.tcp(8000))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("bridge")
                    .withPortBindings(PortBinding.parse(hostPort + ":8000")))
                .exec().getId();
            try {
                docker.startContainerCmd(id).exec();
                String body = TestApps.awaitAnswer(URI.create("http://" + device.address() + ":" + hostPort + "/"),
                        Duration.ofSeconds(60));
                assertThat(body).isEqualTo(greeting + " from amd64\n");
            }
            finally {
                docker.removeContainerCmd(id).withForce(true).exec();
                docker.removeImageCmd(repository + ":" + tag).exec();
            }
        }
    }

    @Test
    void aStoppedDeviceIsUnreachableAndComesBack() throws Exception {
        // the last simulated x86 device: booting an arm64 virtual machine again would take a minute
        TestWorld.Device device = world.devices().stream().filter((d) -> d.name().startsWith("dev"))
            .reduce((first, second) -> second).orElseThrow();
        world.launcher("device", "stop", device.name());
        try (DockerClient docker = world.control(device)) {
            assertThatThrownBy(() -> docker.pingCmd().exec())
                .satisfies((failure) -> assertThat(DockerEngines.isUnreachable(failure)).as(failure.toString()).isTrue());
        }
        finally {
            world.launcher("device", "start", device.name());
        }
        try (DockerClient docker = world.control(device)) {
            docker.pingCmd().exec();
        }
    }


}
