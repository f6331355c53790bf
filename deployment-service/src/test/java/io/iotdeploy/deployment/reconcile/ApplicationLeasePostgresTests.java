package io.iotdeploy.deployment.reconcile;

import io.iotdeploy.deployment.PostgresTestDatabase;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ApplicationLeaseTests} on PostgreSQL (the conditional UPDATE with time zone timestamps is the part that
 * differs between databases). Runs only when {@code IOTDEPLOY_TEST_POSTGRES_URL} names a database, as
 * {@code ReleasePostgresTests} does.
 */
@EnabledIfEnvironmentVariable(named = "IOTDEPLOY_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class ApplicationLeasePostgresTests extends ApplicationLeaseTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry);
    }

}
