package io.iotdeploy.deployment.reconcile;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTests {

    @RepeatedTest(50)
    void theIntervalIsJitteredByAFifthAtMost() {
        assertThat(Reconciler.jittered(Duration.ofSeconds(30))).isBetween(Duration.ofSeconds(24),
                Duration.ofSeconds(36));
        assertThat(Reconciler.jittered(Duration.ofMillis(3))).isPositive();
    }

}
