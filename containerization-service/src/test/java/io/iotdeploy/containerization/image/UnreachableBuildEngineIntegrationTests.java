package io.iotdeploy.containerization.image;

import java.nio.file.Path;
import java.util.UUID;

import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** With the build engine gone, images with run commands fail cleanly in the build step; jib needs no engine. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "containerization-service.build-engine=unix:///tmp/iotdeploy-no-such-build-engine.sock")
@AutoConfigureRestTestClient
class UnreachableBuildEngineIntegrationTests {

    /** The private registry's password as ./iotdeploy made it for the world (the service reads it from there). */
    @DynamicPropertySource
    static void registryLogin(DynamicPropertyRegistry properties) {
        properties.add("containerization-service.registry-login.password-file",
                () -> TestWorld.load().secretFile("registry-builder.password").toString());
    }

    private final ImageRequests images;

    @TempDir
    Path dir;

    @Autowired
    UnreachableBuildEngineIntegrationTests(RestTestClient client, InternalTokens tokens) {
        this.images = new ImageRequests(client, tokens);
    }

    @Test
    void runCommandsWithoutEngineAreABadGatewayInTheBuildStep() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "no-engine-" + UUID.randomUUID());
        this.images.post(jar, "hello-noengine", "base/java:17", "echo hello", "linux/amd64")
            .expectStatus().isEqualTo(502)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Build engine unreachable")
            .jsonPath("$.step").isEqualTo("build");
    }

    @Test
    void withoutRunCommandsNoEngineIsNeeded() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "no-engine-jib-" + UUID.randomUUID());
        ImageBuild build = this.images.build(jar, "hello-noengine", "base/java:17", null, "linux/amd64");
        assertThat(build.pushed()).isTrue();
    }

}
