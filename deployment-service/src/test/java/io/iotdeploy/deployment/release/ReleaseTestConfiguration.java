package io.iotdeploy.deployment.release;

import java.time.Instant;

import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.policy.ContainerPolicy;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The release feature on top of a {@code @DataJpaTest}'s repositories: its services with the test's artifact
 * directory, the strict policy and a clock the test moves.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeploymentServiceProperties.class)
@Import({ ReleaseService.class, ArtifactService.class, ArtifactStore.class, ArtifactRetention.class })
class ReleaseTestConfiguration {

    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    @Bean
    MutableClock clock() {
        return new MutableClock(START);
    }

    @Bean
    ContainerPolicy containerPolicy() {
        return ContainerPolicy.strict();
    }

}
