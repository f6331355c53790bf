package io.iotdeploy.deployment.release;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.iotdeploy.deployment.release.ArtifactRetention.Sweep;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.token.CurrentUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The retention sweep with a clock the test moves: the newest 5 releases of every application keep their
 * artifacts; anything else goes once nobody uploaded or released it for the grace period (24 h).
 */
@DataJpaTest(properties = { "deployment-service.artifacts.retention.keep-releases=5",
        "deployment-service.artifacts.retention.grace=24h" })
@AutoConfigureTestDatabase(replace = Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import(ReleaseTestConfiguration.class)
// a database, an artifact directory and a clock of its own for every test
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
class ArtifactRetentionTests {

    private static final Duration GRACE = Duration.ofHours(24);

    private final CurrentUser kate = new CurrentUser("kate", false);

    @Autowired
    private ArtifactRetention retention;

    @Autowired
    private ReleaseService releases;

    @Autowired
    private ArtifactService artifacts;

    @Autowired
    private ArtifactStore store;

    @Autowired
    private MutableClock clock;

    @Autowired
    private DeploymentServiceProperties properties;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void theArtifactsOfTheNewestFiveReleasesStayTheOlderOnesGoAfterTheGracePeriod() {
        List<byte[]> jars = IntStream.rangeClosed(1, 7).mapToObj((i) -> upload("build " + i)).toList();
        for (byte[] jar : jars) {
            this.releases.create(this.kate, "sensor", Releases.request(jar, Releases.settings("base/java:17")));
        }

        assertThat(this.retention.sweep()).as("within the grace period nothing goes").isEqualTo(new Sweep(0, 0, 0));
        this.clock.advance(GRACE.plusMinutes(1));
        Sweep sweep = this.retention.sweep();

        assertThat(sweep).isEqualTo(new Sweep(2, 2, 0));
        assertThat(stored()).containsExactlyInAnyOrderElementsOf(jars.subList(2, 7).stream().map(Releases::sha256)
            .toList());
        // the releases stay what they were; only a build for a new architecture would need the file
        assertThat(this.releases.release(this.kate, "sensor", 1).artifact().sha256()).isEqualTo(sha256(jars.get(0)));
        assertThat(catchThrowableOfType(ErrorResponseException.class,
                () -> this.artifacts.download(this.kate, sha256(jars.get(0)))).getStatusCode().value()).isEqualTo(404);
        assertThat(this.artifacts.download(this.kate, sha256(jars.get(6)))).exists();
        assertThat(this.retention.sweep()).as("a second sweep finds nothing more").isEqualTo(new Sweep(0, 0, 0));
    }

    @Test
    void anUploadWithoutAReleaseIsKeptForTheGracePeriodOnly() {
        byte[] waiting = upload("still being built");
        this.clock.advance(GRACE.minusMinutes(1));

        assertThat(this.retention.sweep()).isEqualTo(new Sweep(0, 0, 0));
        assertThat(stored()).containsExactly(sha256(waiting));

        this.clock.advance(Duration.ofMinutes(2));
        assertThat(this.retention.sweep()).isEqualTo(new Sweep(1, 1, 0));
        assertThat(stored()).isEmpty();
        ErrorResponseException refused = catchThrowableOfType(ErrorResponseException.class,
                () -> this.releases.create(this.kate, "sensor", Releases.request(waiting,
                        Releases.settings("base/java:17"))));
        assertThat(refused.getStatusCode().value()).as("swept: upload it again").isEqualTo(409);
    }

    @Test
    void uploadingOrReleasingAgainStartsTheGracePeriodAnew() {
        byte[] jar = upload("touched");
        this.clock.advance(GRACE.minusHours(1));
        upload("touched");
        this.clock.advance(GRACE.minusHours(1));

        assertThat(this.retention.sweep().artifacts()).isZero();

        // six newer releases push it out of the newest five, yet it was released within the grace period
        this.releases.create(this.kate, "sensor", Releases.request(jar, Releases.settings("base/java:17")));
        for (int i = 0; i < 5; i++) {
            this.releases.create(this.kate, "sensor", Releases.request(upload("newer " + i),
                    Releases.settings("base/java:17")));
        }
        this.clock.advance(GRACE.minusHours(1));
        assertThat(this.retention.sweep().artifacts()).isZero();
        assertThat(stored()).contains(sha256(jar));

        this.clock.advance(Duration.ofHours(2));
        assertThat(this.retention.sweep().artifacts()).isEqualTo(1);
        assertThat(stored()).doesNotContain(sha256(jar)).hasSize(5);
    }

    @Test
    void aFileNobodyRecordedAndAnInterruptedUploadGoAfterTheGracePeriod() throws IOException {
        Path root = this.properties.artifacts().directory();
        byte[] orphan = Releases.jar("written, never recorded");
        Files.createDirectories(root.resolve("sha256"));
        Files.createDirectories(root.resolve("tmp"));
        Path file = Files.write(root.resolve("sha256").resolve(sha256(orphan)), orphan);
        Path part = Files.write(root.resolve("tmp").resolve("upload-123.part"), new byte[] { 1, 2, 3 });
        Files.setLastModifiedTime(file, FileTime.from(this.clock.instant()));
        Files.setLastModifiedTime(part, FileTime.from(this.clock.instant()));

        assertThat(this.retention.sweep()).isEqualTo(new Sweep(0, 0, 0));
        this.clock.advance(GRACE.plusSeconds(1));

        assertThat(this.retention.sweep()).isEqualTo(new Sweep(1, 0, 1));
        assertThat(file).doesNotExist();
        assertThat(part).doesNotExist();
    }

    @Test
    void anArtifactAnotherApplicationsNewestReleasesNeedStays() {
        byte[] shared = upload("shared");
        this.releases.create(this.kate, "logger", Releases.request(shared, Releases.settings("base/java:17"),
                "logger", null));
        this.releases.create(this.kate, "sensor", Releases.request(shared, Releases.settings("base/java:17")));
        for (int i = 0; i < 5; i++) {
            this.releases.create(this.kate, "sensor", Releases.request(upload("sensor " + i),
                    Releases.settings("base/java:17")));
        }
        this.clock.advance(GRACE.multipliedBy(2));

        this.retention.sweep();

        assertThat(stored()).contains(sha256(shared));
        assertThat(this.jdbc.queryForObject("select count(*) from artifact_upload where sha256 = ?", Integer.class,
                sha256(shared))).as("and so does who uploaded it").isEqualTo(1);
    }

    private byte[] upload(String content) {
        byte[] jar = Releases.jar(content);
        this.artifacts.upload(this.kate, sha256(jar), jar.length, new ByteArrayInputStream(jar));
        return jar;
    }

    private List<String> stored() {
        return this.store.list().stream().map(ArtifactStore.StoredFile::name).toList();
    }

    private static String sha256(byte[] content) {
        return Releases.sha256(content);
    }

}
