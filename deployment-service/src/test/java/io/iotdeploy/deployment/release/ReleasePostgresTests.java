package io.iotdeploy.deployment.release;

import io.iotdeploy.deployment.PostgresTestDatabase;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ReleaseRepositoryTests} on PostgreSQL, which the Docker / Swarm deployment runs: the same migrations, the
 * same entity validation, numbering, identity and concurrency. Runs only when {@code IOTDEPLOY_TEST_POSTGRES_URL}
 * names a database, e.g. {@code jdbc:postgresql://127.0.0.1:54329/deployment} (with
 * {@code IOTDEPLOY_TEST_POSTGRES_USER}, {@code IOTDEPLOY_TEST_POSTGRES_PASSWORD}): {@code ./iotdeploy test} starts one.
 */
@EnabledIfEnvironmentVariable(named = "IOTDEPLOY_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class ReleasePostgresTests extends ReleaseRepositoryTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry);
    }

}
