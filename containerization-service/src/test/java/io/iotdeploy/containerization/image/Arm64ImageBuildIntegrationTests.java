package io.iotdeploy.containerization.image;

import java.nio.file.Path;
import java.util.UUID;

import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The linux/arm64 instance on the x86 build host: jib takes the arm64 variant of the multi-architecture base
 * without emulation; run commands run under QEMU user emulation on the build engine.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "containerization-service.platform=linux/arm64")
@AutoConfigureRestTestClient
class Arm64ImageBuildIntegrationTests {

    /** The private registry's password as ./iotdeploy made it for the world (the service reads it from there). */
    @DynamicPropertySource
    static void registryLogin(DynamicPropertyRegistry properties) {
        properties.add("containerization-service.registry-login.password-file",
                () -> TestWorld.load().secretFile("registry-builder.password").toString());
    }

    private static final String PLATFORM = "linux/arm64";

    private static TestWorld world;

    private final ImageRequests images;

    @TempDir
    Path dir;

    @Autowired
    Arm64ImageBuildIntegrationTests(RestTestClient client, InternalTokens tokens) {
        this.images = new ImageRequests(client, tokens);
    }

    @BeforeAll
    static void loadWorld() {
        world = TestWorld.load();
    }

    @Test
    void jibImageIsForArm64() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "arm64-jib-" + UUID.randomUUID());
        ImageBuild build = this.images.build(jar, "hello-jib", "base/java:17", null, PLATFORM);
        assertThat(build.built()).isTrue();
        assertThat(build.platform()).isEqualTo(PLATFORM);
        assertThat(build.image()).startsWith(world.privateRegistry() + "/");
        assertThat(build.platformImage()).isEqualTo(build.image() + "-arm64");
        assertThat(TestRegistry.listedDigest(build.image(), PLATFORM)).contains(build.digest());
        JsonNode config = TestRegistry.config(build.platformImage());
        assertThat(config.path("architecture").asString()).isEqualTo("arm64");
        assertThat(config.path("os").asString()).isEqualTo("linux");
    }

    @Test
    void runCommandsRunInAnArm64Build() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "arm64-run-" + UUID.randomUUID());
        ImageBuild build = this.images.build(jar, "hello-run", "base/java:17", "uname -m > /machine.txt", PLATFORM);
        assertThat(build.pushed()).isTrue();
        assertThat(TestRegistry.platforms(build.image())).containsExactly(PLATFORM);
        JsonNode config = TestRegistry.config(build.platformImage());
        assertThat(config.path("architecture").asString()).isEqualTo("arm64");
    }

    @Test
    void aBaseImageOnlyForAmd64IsNotFoundForArm64() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "arm64-amd64-base");
        this.images.post(jar, "hello-jib", "base/java:17-amd64", null, PLATFORM)
            .expectStatus().isNotFound()
            .expectBody()
            .jsonPath("$.image").isEqualTo(world.upstreamRegistry() + "/base/java:17-amd64")
            .jsonPath("$.detail").value((String detail) -> detail.contains("linux/amd64 only"));
    }

    @Test
    void anAmd64RequestIsRefused() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "arm64-wrong");
        this.images.post(jar, "hello-jib", "base/java:17", null, "linux/amd64")
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.step").isEqualTo("upload");
    }

}
