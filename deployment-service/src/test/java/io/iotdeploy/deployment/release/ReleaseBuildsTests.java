package io.iotdeploy.deployment.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.event.EventListener;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release built later for a platform it has no image of, from its stored artifact: what the builder is sent (the
 * artifact itself, the release's build settings, the owner's token), that a failure is remembered and not tried
 * again before {@code retry-after}, that the built image is added to the same release and announced, and that a
 * platform without builder is said to be one. The builder here is a stand-in on a local port: the real builders
 * are in the system tests ({@code FleetNewArchitectureIntegrationTests}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "iotdeploy.device-client.machine-service-url=http://127.0.0.1:1",
        "deployment-service.reconcile.enabled=false", "deployment-service.builds.retry-after=1s" })
@AutoConfigureRestTestClient
class ReleaseBuildsTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** What the stand-in builder was sent, one request each. */
    private static final List<String> requests = new CopyOnWriteArrayList<>();

    /** Its answers: the first fails, as a builder whose registry is down does. */
    private static final AtomicInteger answered = new AtomicInteger();

    private static final HttpServer builder = builder();

    private static final List<ReleaseImageAdded> announced = new CopyOnWriteArrayList<>();

    @Autowired
    RestTestClient client;

    @Autowired
    InternalTokens tokens;

    @Autowired
    ReleaseBuilds builds;

    @Autowired
    ReleaseCatalog catalog;

    @DynamicPropertySource
    static void theBuilder(DynamicPropertyRegistry registry) {
        registry.add("deployment-service.builds.builders[linux/arm64]",
                () -> "http://127.0.0.1:" + builder.getAddress().getPort());
        registry.add("deployment-service.builds.builders[linux/amd64]", () -> "http://127.0.0.1:1");
    }

    @AfterAll
    static void stopTheBuilder() {
        builder.stop(0);
    }

    @Test
    void aFailedBuildIsRememberedThenTriedAgainAndItsImageJoinsTheRelease() {
        byte[] jar = Releases.jar("built later");
        String alice = this.tokens.issue("alice", false);
        put(alice, "/artifacts/sha256:" + Releases.sha256(jar), jar).expectStatus().isCreated();
        post(alice, "/applications/later/releases", Releases.request(jar, Releases.settings("base/java:17",
                List.of("MODE=test"), List.of()), "later", null)).expectStatus().isCreated();
        StoredRelease release = this.catalog.release(this.catalog.application("alice", "later"), 1);
        assertThat(release.imageFor("linux/arm64")).isEmpty();

        assertThat(this.builds.require(release, "linux/arm64")).isInstanceOf(ReleaseBuilds.State.Building.class);
        ReleaseBuilds.State failed = await(() -> this.builds.require(release, "linux/arm64"),
                ReleaseBuilds.State.Failed.class);
        assertThat(((ReleaseBuilds.State.Failed) failed).message()).contains("linux/arm64")
            .contains("registry unavailable");
        assertThat(requests).hasSize(1);
        // what the builder got: the stored artifact and the release's settings, for the owner
        assertThat(requests.get(0)).contains("Bearer ").contains("name=\"file\"").contains("built later")
            .contains("base/java:17").contains("linux/arm64").contains("later");
        // remembered: asked again at once, it is not built again
        assertThat(this.builds.require(release, "linux/arm64")).isInstanceOf(ReleaseBuilds.State.Failed.class);
        assertThat(requests).hasSize(1);

        // after retry-after it is, and the image is the release's own now
        await(() -> {
            this.builds.require(release, "linux/arm64");
            return this.catalog.release(this.catalog.application("alice", "later"), 1).imageFor("linux/arm64")
                .isPresent() ? new ReleaseBuilds.State.Building("done") : null;
        }, ReleaseBuilds.State.Building.class);
        assertThat(requests).hasSize(2);
        StoredRelease built = this.catalog.release(this.catalog.application("alice", "later"), 1);
        assertThat(built.imageFor("linux/arm64")).hasValue(release.imageFor("linux/amd64").orElseThrow()
            .replace("-amd64", "-arm64"));
        assertThat(built.number()).isEqualTo(1);
        assertThat(announced).anyMatch((added) -> added.releaseId() == release.id()
                && added.platform().equals("linux/arm64"));
    }

    @Test
    void aPlatformWithoutBuilderIsSaidToHaveNone() {
        StoredRelease release = new StoredRelease(1, 1, "alice", "sensor", 1, java.util.Map.of(), null, "x");
        assertThat(this.builds.canBuild("linux/riscv64")).isFalse();
        ReleaseBuilds.State state = this.builds.require(release, "linux/riscv64");
        assertThat(state).isInstanceOf(ReleaseBuilds.State.NoBuilder.class);
        assertThat(((ReleaseBuilds.State.NoBuilder) state).message()).contains("linux/riscv64")
            .contains("linux/amd64, linux/arm64");
    }

    private static ReleaseBuilds.State await(Supplier<ReleaseBuilds.State> state,
            Class<? extends ReleaseBuilds.State> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        ReleaseBuilds.State last = null;
        while (System.nanoTime() < deadline) {
            last = state.get();
            if (wanted.isInstance(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        throw new AssertionError("not " + wanted.getSimpleName() + " within " + PATIENCE + ": " + last);
    }

    /** The first answer a problem, the second an image in the release's repository, as containerization does. */
    private static HttpServer builder() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/images", (exchange) -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
                requests.add(exchange.getRequestHeaders().getFirst("Authorization") + "\n"
                        + exchange.getRequestHeaders().getFirst("Content-Type") + "\n" + body);
                byte[] answer;
                int status;
                if (answered.getAndIncrement() == 0) {
                    status = 502;
                    exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                    answer = "{\"title\":\"Registry unavailable\",\"status\":502,\"detail\":\"registry unavailable: connection refused\"}"
                        .getBytes(StandardCharsets.UTF_8);
                }
                else {
                    status = 201;
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    String image = Releases.REGISTRY + "/alice/later:"
                            + Releases.sha256(Releases.jar("built later")).substring(0, 16);
                    answer = ("{\"image\":\"" + image + "\",\"platformImage\":\"" + image + "-arm64\",\"digest\":\""
                            + Releases.DIGEST_ARM64 + "\",\"platform\":\"linux/arm64\"}")
                        .getBytes(StandardCharsets.UTF_8);
                }
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private RestTestClient.ResponseSpec post(String token, String path, Object body) {
        return this.client.post()
            .uri(path)
            .headers((headers) -> headers.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange();
    }

    private RestTestClient.ResponseSpec put(String token, String path, Object body) {
        return this.client.method(HttpMethod.PUT)
            .uri(path)
            .headers((headers) -> headers.setBearerAuth(token))
            .contentType((body instanceof byte[]) ? MediaType.APPLICATION_OCTET_STREAM : MediaType.APPLICATION_JSON)
            .body(body)
            .exchange();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Announcements {

        @Bean
        Listener releaseImageAddedListener() {
            return new Listener();
        }

    }

    static class Listener {

        @EventListener
        public void added(ReleaseImageAdded added) {
            announced.add(added);
        }

    }

}
