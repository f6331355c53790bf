package io.iotdeploy.deployment.release;

import java.time.Clock;
import java.time.Duration;

import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.deployment.system.DeploymentServiceProperties.Retention;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The releases' clock, and the artifact retention sweep on its interval. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ReleaseConfiguration implements SchedulingConfigurer {

    private static final Duration FIRST_SWEEP_AT_MOST = Duration.ofMinutes(10);

    private final DeploymentServiceProperties properties;

    private final ArtifactRetention retention;

    ReleaseConfiguration(DeploymentServiceProperties properties, ArtifactRetention retention) {
        this.properties = properties;
        this.retention = retention;
    }

    @Bean
    static Clock releaseClock() {
        return Clock.systemUTC();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        Retention sweep = this.properties.artifacts().retention();
        if (sweep.enabled()) {
            Duration first = (sweep.interval().compareTo(FIRST_SWEEP_AT_MOST) < 0) ? sweep.interval()
                    : FIRST_SWEEP_AT_MOST;
            registrar.addFixedDelayTask(new FixedDelayTask(this.retention::sweep, sweep.interval(), first));
        }
    }

}
