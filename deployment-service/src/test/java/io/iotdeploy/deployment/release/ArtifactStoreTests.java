package io.iotdeploy.deployment.release;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.iotdeploy.deployment.release.ArtifactStore.HashMismatchException;
import io.iotdeploy.deployment.release.ArtifactStore.Stored;
import io.iotdeploy.deployment.release.ArtifactStore.TooLargeException;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.deployment.system.DeploymentServiceProperties.Artifacts;
import io.iotdeploy.deployment.system.DeploymentServiceProperties.Retention;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ArtifactStoreTests {

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(ReleaseTestConfiguration.START);

    private ArtifactStore store;

    @BeforeEach
    void store() {
        this.store = new ArtifactStore(properties(this.directory), this.clock);
    }

    @Test
    void anArtifactIsStoredUnderItsSha256() throws IOException {
        byte[] jar = Releases.jar("sensor collector");
        String sha256 = Releases.sha256(jar);

        Stored stored = this.store.put(sha256, new ByteArrayInputStream(jar), 1000);

        assertThat(stored).isEqualTo(new Stored(sha256, jar.length, true));
        Path file = this.directory.resolve("artifacts/sha256/" + sha256);
        assertThat(file).hasBinaryContent(jar);
        assertThat(this.store.find(sha256)).contains(file);
        assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(ReleaseTestConfiguration.START);
        assertThat(partialUploads()).isEmpty();
    }

    @Test
    void storingItAgainChangesNothingButItsTime() throws IOException {
        byte[] jar = Releases.jar("again");
        String sha256 = Releases.sha256(jar);
        this.store.put(sha256, new ByteArrayInputStream(jar), 1000);
        this.clock.advance(Duration.ofHours(3));

        Stored again = this.store.put(sha256, new ByteArrayInputStream(jar), 1000);

        assertThat(again.created()).isFalse();
        assertThat(this.store.list()).singleElement()
            .isEqualTo(new ArtifactStore.StoredFile(sha256, ReleaseTestConfiguration.START.plus(Duration.ofHours(3))));
        assertThat(this.store.find(sha256).orElseThrow()).hasBinaryContent(jar);
    }

    @Test
    void contentWithAnotherHashIsNotKept() throws IOException {
        byte[] jar = Releases.jar("what it is");
        String claimed = Releases.sha256(Releases.jar("what it claims to be"));

        HashMismatchException mismatch = org.assertj.core.api.Assertions.catchThrowableOfType(
                HashMismatchException.class, () -> this.store.put(claimed, new ByteArrayInputStream(jar), 1000));

        assertThat(mismatch.actual()).isEqualTo(Releases.sha256(jar));
        assertThat(mismatch.expected()).isEqualTo(claimed);
        assertThat(this.store.find(claimed)).isEmpty();
        assertThat(this.store.list()).isEmpty();
        assertThat(partialUploads()).isEmpty();
    }

    @Test
    void contentOverTheLimitIsNotKept() throws IOException {
        byte[] jar = Releases.jar("x".repeat(2000));

        assertThatExceptionOfType(TooLargeException.class)
            .isThrownBy(() -> this.store.put(Releases.sha256(jar), new ByteArrayInputStream(jar), 1000));

        assertThat(this.store.list()).isEmpty();
        assertThat(partialUploads()).isEmpty();
    }

    @Test
    void anArtifactThatIsStillArrivingIsNotThereUntilItIsWhole() throws Exception {
        byte[] jar = Releases.jar("y".repeat(200_000));
        String sha256 = Releases.sha256(jar);
        CountDownLatch halfWay = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        InputStream slow = new InputStream() {

            private final ByteArrayInputStream content = new ByteArrayInputStream(jar);

            private int read;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (this.read >= jar.length / 2 && halfWay.getCount() > 0) {
                    halfWay.countDown();
                    await(goOn);
                }
                int n = this.content.read(buffer, offset, Math.min(length, 10_000));
                this.read += Math.max(n, 0);
                return n;
            }

        };

        CompletableFuture<Stored> upload = CompletableFuture.supplyAsync(() -> {
            try {
                return this.store.put(sha256, slow, 1_000_000);
            }
            catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        assertThat(halfWay.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(this.store.find(sha256)).as("half an upload is nowhere under sha256/").isEmpty();
        assertThat(this.store.list()).isEmpty();
        assertThat(partialUploads()).singleElement()
            .satisfies((part) -> assertThat(part.toFile().length()).isPositive().isLessThan(jar.length));

        goOn.countDown();
        assertThat(upload.get(10, TimeUnit.SECONDS).created()).isTrue();
        assertThat(this.store.find(sha256).orElseThrow()).hasBinaryContent(jar);
        assertThat(partialUploads()).isEmpty();
    }

    @Test
    void onlyASha256NamesAFile() {
        for (String name : List.of("../../etc/passwd", "A".repeat(64), "a".repeat(63), "")) {
            assertThatExceptionOfType(IllegalArgumentException.class).as(name)
                .isThrownBy(() -> this.store.find(name));
        }
    }

    private List<Path> partialUploads() throws IOException {
        Path tmp = this.directory.resolve("artifacts/tmp");
        if (!Files.isDirectory(tmp)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.toList();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    static DeploymentServiceProperties properties(Path directory) {
        return new DeploymentServiceProperties("10.77.0.1:5000", Duration.ofMinutes(10), Duration.ofSeconds(10),
                new DeploymentServiceProperties.RegistryLogin("iotdeploy-device", "secret", null),
                new Artifacts(directory.resolve("artifacts"), DataSize.ofMegabytes(200),
                        new Retention(false, Duration.ofHours(1), 5, Duration.ofHours(24))),
                new DeploymentServiceProperties.Reconcile(false, Duration.ofSeconds(30), Duration.ofSeconds(2), 32, 8,
                        Duration.ofMinutes(15), Duration.ofMinutes(20)),
                new DeploymentServiceProperties.Builds(null, Duration.ofMinutes(10), Duration.ofMinutes(5)),
                new DeploymentServiceProperties.Progress(Duration.ofMillis(500), Duration.ofMinutes(10)),
                new DeploymentServiceProperties.Rollout(java.util.List.of("1", "50%", "100%"), Duration.ofSeconds(60),
                        Duration.ofMinutes(10), 20, Duration.ofSeconds(5)));
    }

}
