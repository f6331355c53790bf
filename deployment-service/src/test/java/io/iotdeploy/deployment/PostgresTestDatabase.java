package io.iotdeploy.deployment;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL database the repository tests also run on, when {@code IOTDEPLOY_TEST_POSTGRES_URL} names one
 * ({@code ./iotdeploy test} starts Debian's PostgreSQL and sets it): those tests are
 * {@code @EnabledIfEnvironmentVariable(named = "IOTDEPLOY_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")}.
 */
public final class PostgresTestDatabase {

    private PostgresTestDatabase() {
    }

    /** Points the test's datasource at it ({@code IOTDEPLOY_TEST_POSTGRES_USER}, {@code _PASSWORD} optional). */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("IOTDEPLOY_TEST_POSTGRES_URL"));
        registry.add("spring.datasource.username",
                () -> System.getenv().getOrDefault("IOTDEPLOY_TEST_POSTGRES_USER", "postgres"));
        registry.add("spring.datasource.password",
                () -> System.getenv().getOrDefault("IOTDEPLOY_TEST_POSTGRES_PASSWORD", ""));
    }

}
