package io.iotdeploy.containerization.image;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.google.cloud.tools.jib.api.ImageReference;
import io.iotdeploy.containerization.ContainerizationServiceProperties.RegistryLogin;
import io.iotdeploy.device.TestWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifest lists of the multi-architecture tags against the real private registry, with tiny images of no
 * layers: every platform's update keeps the others' entries, also when they happen at the same moment.
 */
class MultiArchTagsIntegrationTests {

    private static final String REPOSITORY = ImageRequests.USER + "/multiarch-tags";

    private static TestWorld world;

    @BeforeAll
    static void loadWorld() {
        world = TestWorld.load();
    }

    @Test
    void eachPlatformAddsItsEntryAndKeepsTheOthers() throws Exception {
        ImageReference list = newTag();
        String amd64 = TestRegistry.pushEmptyImage(list + "-amd64", "linux", "amd64");
        String arm64 = TestRegistry.pushEmptyImage(list + "-arm64", "linux", "arm64");
        MultiArchTags tags = tags();
        assertThat(tags.imageFor(list, ImagePlatform.parse("linux/amd64"))).isEmpty();

        tags.add(list, ImagePlatform.parse("linux/amd64"), amd64);
        assertThat(TestRegistry.listedDigest(list.toString(), "linux/amd64")).contains(amd64);
        tags.add(list, ImagePlatform.parse("linux/arm64"), arm64);
        assertThat(TestRegistry.platforms(list.toString())).containsExactly("linux/amd64", "linux/arm64");
        assertThat(TestRegistry.listedDigest(list.toString(), "linux/amd64")).contains(amd64);
        assertThat(TestRegistry.listedDigest(list.toString(), "linux/arm64")).contains(arm64);
        assertThat(tags.imageFor(list, ImagePlatform.parse("linux/arm64"))).contains(arm64);
        assertThat(tags.imageFor(list, ImagePlatform.parse("linux/riscv64"))).isEmpty();

        // nothing new: the list stays the same document
        String listDigest = tags.add(list, ImagePlatform.parse("linux/arm64"), arm64);
        assertThat(tags.add(list, ImagePlatform.parse("linux/amd64"), amd64)).isEqualTo(listDigest);
    }

    @Test
    void aPlatformImageThatTheListLacksIsEnteredByTheNextUpdate() throws Exception {
        ImageReference list = newTag();
        // as if the arm64 instance had pushed its image and stopped before it updated the list
        String arm64 = TestRegistry.pushEmptyImage(list + "-arm64", "linux", "arm64");
        String amd64 = TestRegistry.pushEmptyImage(list + "-amd64", "linux", "amd64");
        tags().add(list, ImagePlatform.parse("linux/amd64"), amd64);
        assertThat(TestRegistry.listedDigest(list.toString(), "linux/arm64")).contains(arm64);
        assertThat(TestRegistry.listedDigest(list.toString(), "linux/amd64")).contains(amd64);
    }

    @Test
    void aSingleImageUnderTheTagBecomesAListThatKeepsIt() throws Exception {
        ImageReference list = newTag();
        String riscv = TestRegistry.pushEmptyImage(list.toString(), "linux", "riscv64");
        String amd64 = TestRegistry.pushEmptyImage(list + "-amd64", "linux", "amd64");
        tags().add(list, ImagePlatform.parse("linux/amd64"), amd64);
        assertThat(TestRegistry.platforms(list.toString())).containsExactly("linux/amd64", "linux/riscv64");
        assertThat(TestRegistry.listedDigest(list.toString(), "linux/riscv64")).contains(riscv);
    }

    /**
     * Each thread is an instance of its own (its own client): they push their platform's image and update the
     * list at the same moment, as the containerization instances do when one upload goes to several devices.
     */
    @Test
    void updatesAtTheSameMomentKeepEveryPlatform() throws Exception {
        List<String> platforms = List.of("linux/amd64", "linux/arm64", "linux/riscv64", "linux/s390x");
        ExecutorService instances = Executors.newFixedThreadPool(platforms.size());
        try {
            for (int round = 0; round < 20; round++) {
                ImageReference list = newTag();
                CyclicBarrier together = new CyclicBarrier(platforms.size());
                Map<String, Future<String>> pushed = new LinkedHashMap<>();
                for (String platform : platforms) {
                    pushed.put(platform, instances.submit(() -> {
                        ImagePlatform parsed = ImagePlatform.parse(platform);
                        MultiArchTags tags = tags();
                        together.await(10, TimeUnit.SECONDS);
                        String digest = TestRegistry.pushEmptyImage(list + "-" + parsed.tagSuffix(), parsed.os(),
                                parsed.architecture());
                        tags.add(list, parsed, digest);
                        return digest;
                    }));
                }
                Map<String, String> digests = new LinkedHashMap<>();
                for (Map.Entry<String, Future<String>> platform : pushed.entrySet()) {
                    digests.put(platform.getKey(), platform.getValue().get(60, TimeUnit.SECONDS));
                }
                // read only when every update is done: the registry may serve a half-written tag meanwhile
                for (Map.Entry<String, String> platform : digests.entrySet()) {
                    assertThat(TestRegistry.listedDigest(list.toString(), platform.getKey())).as("round " + round)
                        .contains(platform.getValue());
                }
                assertThat(TestRegistry.platforms(list.toString())).as("round " + round)
                    .containsExactlyInAnyOrderElementsOf(platforms);
            }
        }
        finally {
            instances.shutdownNow();
        }
    }

    private static MultiArchTags tags() {
        return new MultiArchTags(new RegistryClient(Duration.ofSeconds(10), new RegistryCredentials(
                world.privateRegistry(), new RegistryLogin("iotdeploy-builder", null,
                        world.secretFile("registry-builder.password")))));
    }

    private static ImageReference newTag() {
        return ImageReference.of(world.privateRegistry(), REPOSITORY,
                UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

}
