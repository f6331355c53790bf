package io.iotdeploy.containerization.image;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.iotdeploy.containerization.ContainerizationServiceApplication;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both instances, as the platform runs them: this test's context builds for linux/amd64, a second application in
 * the same JVM for linux/arm64. The same upload sent to both is one tag in the registry, a manifest list with an
 * entry per platform, whatever the order or when both build at the same moment.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class MultiArchImageBuildIntegrationTests {

    /** The private registry's password as ./iotdeploy made it for the world (the service reads it from there). */
    @DynamicPropertySource
    static void registryLogin(DynamicPropertyRegistry properties) {
        properties.add("containerization-service.registry-login.password-file",
                () -> TestWorld.load().secretFile("registry-builder.password").toString());
    }

    private static ConfigurableApplicationContext arm64Instance;

    private final ImageRequests amd64;

    private final ImageRequests arm64;

    @TempDir
    Path dir;

    @Autowired
    MultiArchImageBuildIntegrationTests(RestTestClient client, InternalTokens tokens) {
        this.amd64 = new ImageRequests(client, tokens);
        String port = arm64Instance.getEnvironment().getProperty("local.server.port");
        this.arm64 = new ImageRequests(RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build(),
                tokens);
    }

    @BeforeAll
    static void startArm64Instance() {
        // arguments, so that they win over application.yml as they do for the instance the launcher starts
        arm64Instance = new SpringApplicationBuilder(ContainerizationServiceApplication.class)
            .run("--server.port=0", "--server.address=127.0.0.1", "--containerization-service.platform=linux/arm64",
                    "--spring.jmx.enabled=false", "--containerization-service.registry-login.password-file="
                            + TestWorld.load().secretFile("registry-builder.password"));
    }

    @AfterAll
    static void stopArm64Instance() {
        if (arm64Instance != null) {
            arm64Instance.close();
        }
    }

    @Test
    void theSameUploadForBothPlatformsIsOneTagWithAnEntryEach() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "multiarch-" + UUID.randomUUID());

        ImageBuild x86 = this.amd64.build(jar, "hello-multiarch", "base/java:17", null, "linux/amd64");
        ImageBuild arm = this.arm64.build(jar, "hello-multiarch", "base/java:17", null, "linux/arm64");
        assertOneTagForBoth(x86, arm);

        ImageBuild x86Again = this.amd64.build(jar, "hello-multiarch", "base/java:17", null, "linux/amd64");
        ImageBuild armAgain = this.arm64.build(jar, "hello-multiarch", "base/java:17", null, "linux/arm64");
        assertThat(x86Again).isEqualTo(ImageBuild.existing(x86.image(), x86.platformImage(), x86.digest(),
                "linux/amd64", null));
        assertThat(armAgain).isEqualTo(ImageBuild.existing(arm.image(), arm.platformImage(), arm.digest(),
                "linux/arm64", null));

        Path changed = TestApps.helloServerJar(this.dir, "multiarch-changed-" + UUID.randomUUID());
        ImageBuild armChanged = this.arm64.build(changed, "hello-multiarch", "base/java:17", null, "linux/arm64");
        assertThat(armChanged.built()).isTrue();
        assertThat(armChanged.image()).isNotEqualTo(arm.image());
        assertThat(TestRegistry.platforms(armChanged.image())).containsExactly("linux/arm64");
        // the earlier tag is as it was
        assertThat(TestRegistry.platforms(arm.image())).containsExactly("linux/amd64", "linux/arm64");
    }

    @Test
    void runCommandsOnBothPlatformsAreOneTagWithAnEntryEach() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "multiarch-run-" + UUID.randomUUID());
        String run = "echo built > /built.txt";

        // arm64 first this time
        ImageBuild arm = this.arm64.build(jar, "hello-multiarch-run", "base/java:17", run, "linux/arm64");
        ImageBuild x86 = this.amd64.build(jar, "hello-multiarch-run", "base/java:17", run, "linux/amd64");
        assertOneTagForBoth(x86, arm);
        assertThat(arm.dockerfile()).isEqualTo(x86.dockerfile()).contains("RUN " + run);

        assertThat(this.arm64.build(jar, "hello-multiarch-run", "base/java:17", run, "linux/arm64").built()).isFalse();
        assertThat(this.amd64.build(jar, "hello-multiarch-run", "base/java:17", run, "linux/amd64").built()).isFalse();
    }

    @Test
    void bothPlatformsAtTheSameMomentKeepBothEntries() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "multiarch-together-" + UUID.randomUUID());
        CompletableFuture<ImageBuild> x86 = CompletableFuture.supplyAsync(
                () -> this.amd64.build(jar, "hello-multiarch", "base/java:17", null, "linux/amd64"));
        CompletableFuture<ImageBuild> arm = CompletableFuture.supplyAsync(
                () -> this.arm64.build(jar, "hello-multiarch", "base/java:17", null, "linux/arm64"));
        assertOneTagForBoth(x86.get(5, TimeUnit.MINUTES), arm.get(5, TimeUnit.MINUTES));
    }

    private static void assertOneTagForBoth(ImageBuild x86, ImageBuild arm) throws Exception {
        assertThat(x86.built()).isTrue();
        assertThat(arm.built()).isTrue();
        assertThat(arm.image()).isEqualTo(x86.image());
        assertThat(x86.platformImage()).isEqualTo(x86.image() + "-amd64");
        assertThat(arm.platformImage()).isEqualTo(arm.image() + "-arm64");
        assertThat(TestRegistry.platforms(x86.image())).containsExactly("linux/amd64", "linux/arm64");
        assertThat(TestRegistry.listedDigest(x86.image(), "linux/amd64")).contains(x86.digest());
        assertThat(TestRegistry.listedDigest(x86.image(), "linux/arm64")).contains(arm.digest());
        assertThat(TestRegistry.config(x86.platformImage()).path("architecture").asString()).isEqualTo("amd64");
        assertThat(TestRegistry.config(arm.platformImage()).path("architecture").asString()).isEqualTo("arm64");
    }

}
