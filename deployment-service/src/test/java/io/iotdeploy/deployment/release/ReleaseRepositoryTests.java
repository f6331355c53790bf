package io.iotdeploy.deployment.release;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.iotdeploy.deployment.release.ReleaseService.Outcome;
import io.iotdeploy.token.CurrentUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The repositories on the schema Flyway made, in the HSQLDB mode the service runs (MVCC, from the test
 * configuration; no replacement database), and the numbering and identity rules the service builds on them. Not in
 * one transaction per test: the threads of the concurrency tests must see each other's commits. Every test has an
 * owner of its own.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import(ReleaseTestConfiguration.class)
class ReleaseRepositoryTests {

    private static final int THREADS = 8;

    @Autowired
    private ReleaseService service;

    @Autowired
    private ArtifactService artifacts;

    @Autowired
    private ApplicationRepository applications;

    @Autowired
    private ReleaseRepository releases;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private TransactionTemplate transaction;

    @Test
    void flywayMadeTheSchemaThatHibernateValidated() {
        assertThat(this.jdbc.queryForList("select \"version\" from \"flyway_schema_history\" where \"success\" = true",
                String.class)).contains("1");
        assertThat(this.jdbc.queryForObject("select count(*) from information_schema.tables where upper(table_name) "
                + "in ('APPLICATION', 'APP_RELEASE', 'RELEASE_IMAGE', 'ARTIFACT_UPLOAD')", Integer.class)).isEqualTo(4);
    }

    @Test
    void releasesAreNumberedPerApplicationAndTheSameIdentityIsTheSameRelease() {
        CurrentUser dora = new CurrentUser("dora", false);
        byte[] v1 = upload(dora, "v1");
        byte[] v2 = upload(dora, "v2");

        Outcome first = this.service.create(dora, "sensor", Releases.request(v1, Releases.settings("base/java:17")));
        Outcome again = this.service.create(dora, "sensor", Releases.request(v1,
                new ReleaseRequest.Settings("base/java:17", List.of(), List.of(), List.of(), "bridge", false,
                        List.of(), List.of(), List.of(), false, false, null, null, null, null, null, null), "sensor",
                "a note does not matter"));
        Outcome otherSettings = this.service.create(dora, "sensor", Releases.request(v1,
                Releases.settings("base/java:17", List.of("MODE=fast"), List.of())));
        Outcome otherArtifact = this.service.create(dora, "sensor", Releases.request(v2,
                Releases.settings("base/java:17")));
        Outcome otherApplication = this.service.create(dora, "logger", Releases.request(v1,
                Releases.settings("base/java:17"), "logger", null));

        assertThat(first.created()).isTrue();
        assertThat(first.release().number()).isEqualTo(1);
        assertThat(again.created()).isFalse();
        assertThat(again.release()).isEqualTo(first.release());
        assertThat(otherSettings.release().number()).isEqualTo(2);
        assertThat(otherArtifact.release().number()).isEqualTo(3);
        assertThat(otherApplication.release().number()).isEqualTo(1);
        assertThat(this.service.releases(dora, "sensor")).extracting(ReleaseResponse::number).containsExactly(3, 2, 1);
        assertThat(this.service.applications(dora))
            .extracting(ApplicationResponse::name, ApplicationResponse::latestRelease)
            .containsExactly(tuple("logger", 1), tuple("sensor", 3));
    }

    @Test
    void anotherOwnersApplicationOfTheSameNameIsAnotherApplication() {
        CurrentUser erin = new CurrentUser("erin", false);
        CurrentUser fred = new CurrentUser("fred", true);
        byte[] erinsJar = upload(erin, "erin's");
        this.service.create(erin, "shared-name", Releases.request(erinsJar, Releases.settings("base/java:17")));

        assertThat(catchThrowableOfType(ErrorResponseException.class,
                () -> this.service.releases(fred, "shared-name")).getStatusCode().value()).isEqualTo(404);
        // fred may not reference erin's upload, although he knows its hash; administrators are not special
        ErrorResponseException refused = catchThrowableOfType(ErrorResponseException.class,
                () -> this.service.create(fred, "shared-name", Releases.request(erinsJar,
                        Releases.settings("base/java:17"))));
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(this.applications.findByOwnerAndName("fred", "shared-name"))
            .as("a refused first release makes no application").isEmpty();

        byte[] fredsCopy = upload(fred, "erin's");
        assertThat(this.service.create(fred, "shared-name", Releases.request(fredsCopy,
                Releases.settings("base/java:17"))).release().number()).isEqualTo(1);
    }

    @Test
    void theDatabaseRefusesASecondReleaseWithTheSameNumberOrTheSameIdentity() {
        CurrentUser gina = new CurrentUser("gina", false);
        byte[] jar = upload(gina, "gina");
        this.service.create(gina, "sensor", Releases.request(jar, Releases.settings("base/java:17")));
        Application application = this.applications.findByOwnerAndName("gina", "sensor").orElseThrow();
        ReleaseSettings other = ReleaseSettings.fromCanonicalJson("{\"baseImage\":\"base/java:21\"}");
        ReleaseSettings same = ReleaseSettings.fromCanonicalJson("{\"baseImage\":\"base/java:17\"}");
        String sha256 = Releases.sha256(jar);

        assertThatExceptionOfType(DataIntegrityViolationException.class).as("number 1 again")
            .isThrownBy(() -> this.transaction.executeWithoutResult((status) -> this.releases.saveAndFlush(
                    new Release(application, 1, sha256, jar.length, "jar", other, "r:1", "gina",
                            ReleaseTestConfiguration.START, null))));
        assertThatExceptionOfType(DataIntegrityViolationException.class).as("the same identity as number 2")
            .isThrownBy(() -> this.transaction.executeWithoutResult((status) -> this.releases.saveAndFlush(
                    new Release(application, 2, sha256, jar.length, "jar", same, "r:1", "gina",
                            ReleaseTestConfiguration.START, null))));
    }

    @Test
    void concurrentCreationsOfDifferentReleasesGetNumbersOneToNWithoutGapsOrDuplicates() throws Exception {
        CurrentUser hank = new CurrentUser("hank", false);
        List<byte[]> jars = IntStream.range(0, THREADS).mapToObj((i) -> upload(hank, "build " + i)).toList();

        List<Outcome> outcomes = concurrently(IntStream.range(0, THREADS)
            .mapToObj((i) -> (Callable<Outcome>) () -> this.service.create(hank, "sensor",
                    Releases.request(jars.get(i), Releases.settings("base/java:17"))))
            .toList());

        assertThat(outcomes).allMatch(Outcome::created);
        assertThat(outcomes).extracting((outcome) -> outcome.release().number())
            .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, THREADS).boxed().toList());
        assertThat(outcomes).extracting((outcome) -> outcome.release().artifact().sha256())
            .containsExactlyInAnyOrderElementsOf(jars.stream().map(Releases::sha256).toList());
        assertThat(this.applications.findAll()).filteredOn((application) -> application.owner().equals("hank"))
            .hasSize(1);
    }

    @Test
    void concurrentCreationsOfOneIdentityMakeOneRelease() throws Exception {
        CurrentUser iris = new CurrentUser("iris", false);
        byte[] jar = upload(iris, "the one");

        List<Outcome> outcomes = concurrently(IntStream.range(0, THREADS)
            .mapToObj((i) -> (Callable<Outcome>) () -> this.service.create(iris, "sensor",
                    Releases.request(jar, Releases.settings("base/java:17", List.of(), List.of()))))
            .toList());

        assertThat(outcomes).filteredOn(Outcome::created).hasSize(1);
        assertThat(outcomes).extracting((outcome) -> outcome.release().number()).containsOnly(1);
        assertThat(this.service.releases(iris, "sensor")).hasSize(1);
    }

    @Test
    void theRetentionQueryFindsTheArtifactsOfEachApplicationsNewestReleases() {
        CurrentUser jack = new CurrentUser("jack", false);
        List<byte[]> jars = IntStream.range(0, 4).mapToObj((i) -> upload(jack, "jack " + i)).toList();
        for (byte[] jar : jars) {
            this.service.create(jack, "sensor", Releases.request(jar, Releases.settings("base/java:17")));
        }
        this.service.create(jack, "logger", Releases.request(jars.get(0), Releases.settings("base/java:17"),
                "logger", null));

        Set<String> newestTwo = this.releases.artifactsOfNewestReleases(2);

        assertThat(newestTwo).contains(Releases.sha256(jars.get(3)), Releases.sha256(jars.get(2)),
                Releases.sha256(jars.get(0))).doesNotContain(Releases.sha256(jars.get(1)));
    }

    private byte[] upload(CurrentUser user, String content) {
        byte[] jar = Releases.jar(content);
        this.artifacts.upload(user, Releases.sha256(jar), jar.length, new ByteArrayInputStream(jar));
        return jar;
    }

    private static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch ready = new CountDownLatch(calls.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
        finally {
            pool.shutdownNow();
        }
    }

}
