package io.iotdeploy.containerization.image;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
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
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The linux/amd64 instance against the real registries and build engine: images without run commands through jib,
 * with run commands through the engine, each checked in the private registry itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class ImageBuildIntegrationTests {

    /** The private registry's password as ./iotdeploy made it for the world (the service reads it from there). */
    @DynamicPropertySource
    static void registryLogin(DynamicPropertyRegistry properties) {
        properties.add("containerization-service.registry-login.password-file",
                () -> TestWorld.load().secretFile("registry-builder.password").toString());
    }

    private static final String PLATFORM = "linux/amd64";

    private static TestWorld world;

    private final ImageRequests images;

    @TempDir
    Path dir;

    @Autowired
    ImageBuildIntegrationTests(RestTestClient client, InternalTokens tokens) {
        this.images = new ImageRequests(client, tokens);
    }

    @BeforeAll
    static void loadWorld() {
        world = TestWorld.load();
    }

    @Test
    void jibImageIsInTheRegistryAndOnlyAChangedApplicationIsPushedAgain() throws Exception {
        String greeting = "jib-" + UUID.randomUUID();
        Path jar = TestApps.helloServerJar(this.dir, greeting);

        ImageBuild first = this.images.build(jar, "Hello-Jib", "base/java:17", null, PLATFORM);
        assertThat(first.image()).matches(world.privateRegistry() + "/" + ImageRequests.USER + "/hello-jib:[0-9a-f]{16}");
        assertThat(first.platformImage()).isEqualTo(first.image() + "-amd64");
        assertThat(first.built()).isTrue();
        assertThat(first.pushed()).isTrue();
        assertThat(first.layersPushed()).isPositive();
        assertThat(first.platform()).isEqualTo(PLATFORM);
        assertThat(first.dockerfile()).isNull();
        assertThat(first.digest()).isEqualTo(TestRegistry.manifestDigest(first.platformImage()));
        assertThat(TestRegistry.platforms(first.image())).containsExactly(PLATFORM);
        assertThat(TestRegistry.listedDigest(first.image(), PLATFORM)).contains(first.digest());
        JsonNode config = TestRegistry.config(first.platformImage());
        assertThat(config.path("architecture").asString()).isEqualTo("amd64");
        assertThat(config.path("os").asString()).isEqualTo("linux");
        assertThat(config.path("config").path("Entrypoint").values()).extracting(JsonNode::asString)
            .containsExactly("java", "-jar", "/app/app.jar");
        assertThat(config.path("config").path("Labels").path("iotdeploy.owner").asString())
            .isEqualTo(ImageRequests.USER);
        assertThat(config.path("config").path("Labels").path("iotdeploy.application").asString()).isEqualTo("hello-jib");

        ImageBuild again = this.images.build(jar, "Hello-Jib", "base/java:17", null, PLATFORM);
        assertThat(again).isEqualTo(ImageBuild.existing(first.image(), first.platformImage(), first.digest(), PLATFORM,
                null));

        Path changed = TestApps.helloServerJar(this.dir, greeting + "-changed");
        ImageBuild redeploy = this.images.build(changed, "Hello-Jib", "base/java:17", null, PLATFORM);
        assertThat(redeploy.image()).isNotEqualTo(first.image());
        assertThat(redeploy.built()).isTrue();
        assertThat(redeploy.pushed()).isTrue();
        // only the application layer: the base layers are in the registry since the first build
        assertThat(redeploy.layersPushed()).isEqualTo(1);
    }

    @Test
    void runCommandsAreBuiltOnTheEngineAndPushed() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "run-" + UUID.randomUUID());

        ImageBuild build = this.images.build(jar, "hello-run", "base/java:17", "echo hello > /hello.txt", PLATFORM);
        assertThat(build.built()).isTrue();
        assertThat(build.pushed()).isTrue();
        assertThat(build.layersPushed()).isPositive();
        assertThat(build.dockerfile()).isEqualTo("""
                FROM %s/base/java:17
                RUN echo hello > /hello.txt
                ADD app.jar /app/app.jar
                ENTRYPOINT ["java","-jar","/app/app.jar"]
                """.formatted(world.upstreamRegistry()));
        assertThat(build.digest()).isEqualTo(TestRegistry.manifestDigest(build.platformImage()));
        assertThat(TestRegistry.listedDigest(build.image(), PLATFORM)).contains(build.digest());
        JsonNode config = TestRegistry.config(build.platformImage());
        assertThat(config.path("architecture").asString()).isEqualTo("amd64");
        assertThat(config.path("history").values()).extracting((step) -> step.path("created_by").asString())
            .anyMatch((step) -> step.contains("echo hello > /hello.txt"));
        assertThat(config.path("config").path("Labels").path("iotdeploy.application").asString()).isEqualTo("hello-run");
        assertNotOnTheBuildEngine(build.platformImage());

        ImageBuild again = this.images.build(jar, "hello-run", "base/java:17", "echo hello > /hello.txt", PLATFORM);
        assertThat(again.built()).isFalse();
        assertThat(again.pushed()).isFalse();
        assertThat(again.image()).isEqualTo(build.image());
        assertThat(again.digest()).isEqualTo(build.digest());
    }

    @Test
    void aFailingRunCommandIsUnprocessableWithItsOutputAndNothingIsPushed() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "fail-" + UUID.randomUUID());

        ImageBuildProblem problem = this.images.post(jar, "hello-fail", "base/java:17", "echo before the failure\nfalse",
                PLATFORM)
            .expectStatus().isEqualTo(422)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(ImageBuildProblem.class).returnResult().getResponseBody();
        assertThat(problem.step()).isEqualTo("build");
        assertThat(problem.image()).startsWith(world.privateRegistry() + "/" + ImageRequests.USER + "/hello-fail:");
        assertThat(problem.output()).isNotEmpty().hasSizeLessThanOrEqualTo(EngineImageBuilder.OUTPUT_LINES);
        assertThat(String.join("\n", problem.output())).contains("before the failure")
            .contains("returned a non-zero code");
        assertThat(problem.image()).endsWith("-amd64");
        assertThat(TestRegistry.manifestStatus(problem.image())).isEqualTo(404);
        // nor the multi-architecture tag
        assertThat(TestRegistry.manifestStatus(problem.image().substring(0, problem.image().length() - "-amd64".length())))
            .isEqualTo(404);
        assertNotOnTheBuildEngine(problem.image());
    }

    @Test
    void anUnknownBaseImageIsNotFoundNamingIt() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "unknown-base");
        this.images.post(jar, "hello-nobase", "base/nope:17", null, PLATFORM)
            .expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.image").isEqualTo(world.upstreamRegistry() + "/base/nope:17")
            .jsonPath("$.step").isEqualTo("build");
        this.images.post(jar, "hello-nobase", "base/nope:17", "echo never", PLATFORM)
            .expectStatus().isNotFound()
            .expectBody().jsonPath("$.image").isEqualTo(world.upstreamRegistry() + "/base/nope:17");
    }

    @Test
    void aMalformedBaseImageIsABadRequestNamingIt() throws Exception {
        Path jar = TestApps.helloServerJar(this.dir, "malformed-base");
        this.images.post(jar, "hello-malformed", "base/java:17:18", null, PLATFORM)
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.image").isEqualTo("base/java:17:18");
    }

    private static void assertNotOnTheBuildEngine(String image) throws Exception {
        try (DockerClient engine = world.buildEngineClient()) {
            assertThatExceptionOfType(NotFoundException.class)
                .isThrownBy(() -> engine.inspectImageCmd(image).exec());
        }
    }

    /** The problem detail of a failed build. */
    record ImageBuildProblem(int status, String title, String detail, String step, String image, List<String> output) {
    }

}
