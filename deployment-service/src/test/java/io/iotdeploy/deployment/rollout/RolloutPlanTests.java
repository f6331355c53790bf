package io.iotdeploy.deployment.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutPlanTests {

    static final RolloutPlan.Defaults DEFAULTS = new RolloutPlan.Defaults(List.of("1", "50%", "100%"),
            Duration.ofSeconds(60), Duration.ofMinutes(10), 20);

    private static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");

    @Test
    void theDefaultIsOneDeviceThenHalfThenTheRestAndASharePassesAtLeastOneDevice() {
        RolloutPlan plan = parse(null);

        assertThat(plan.strategy()).isEqualTo(RolloutPlan.PHASED);
        assertThat(plan.reached(10)).containsExactly(1, 5, 10);
        assertThat(plan.reached(3)).containsExactly(1, 2, 3);
        assertThat(plan.reached(1)).containsExactly(1, 1, 1);
        assertThat(plan.soak()).hasSeconds(60);
        assertThat(plan.threshold(0)).isZero();
        assertThat(plan.threshold(1)).isEqualTo(20);
        // Mender refuses "5 % of 11": here it is one device
        RolloutPlan small = parse(new RolloutPlan.Request(null, List.of("5%", "100%"), null, null, null, null));
        assertThat(small.reached(11)).containsExactly(1, 11);
        assertThat(small.phaseOf(0, 11)).isZero();
        assertThat(small.phaseOf(1, 11)).isEqualTo(1);
        assertThat(small.phaseOf(10, 11)).isEqualTo(1);
    }

    @Test
    void theLastPhaseTakesTheRestAndAllAtOnceIsOnePhase() {
        RolloutPlan two = parse(new RolloutPlan.Request("Phased", List.of(" 2 ", "50%"), "5s", "1m", true, "0%"));
        assertThat(two.phases()).containsExactly("2", "50%", "100%");
        assertThat(two.reached(10)).containsExactly(2, 5, 10);
        assertThat(two.reached(3)).containsExactly(2, 2, 3);
        assertThat(two.approval()).isTrue();
        assertThat(two.laterThreshold()).isZero();
        assertThat(two.phaseTimeout()).hasMinutes(1);

        RolloutPlan all = parse(new RolloutPlan.Request("all-at-once", null, null, null, null, null));
        assertThat(all.phases()).containsExactly("100%");
        assertThat(all.reached(7)).containsExactly(7);
        assertThat(all.phaseOf(6, 7)).isZero();
    }

    @Test
    void everyMalformedFieldIsNamed() {
        List<String[]> errors = new ArrayList<>();
        RolloutPlan.parse(new RolloutPlan.Request("canary", List.of("0", "half", "150%"), "soon", "-1s", null,
                "lots"), DEFAULTS, errors);
        assertThat(errors).extracting((error) -> error[0]).containsExactly("rollout.strategy",
                "rollout.phases[0]", "rollout.phases[1]", "rollout.phases[2]", "rollout.soakTime",
                "rollout.phaseTimeout", "rollout.errorThreshold");

        errors.clear();
        RolloutPlan.parse(new RolloutPlan.Request("all-at-once", List.of("1"), null, null, null, null), DEFAULTS,
                errors);
        assertThat(errors).extracting((error) -> error[0]).containsExactly("rollout.phases");
    }

    @Test
    void aPhaseIsDoneWhenItsOnlineDevicesWereHealthyForTheSoakTime() {
        RolloutPlan plan = parse(new RolloutPlan.Request(null, null, "60s", "10m", null, null));
        List<Rollouts.Device> devices = List.of(device(1, 0, "running", null, T0.plusSeconds(5)),
                device(2, 1, "pending", "rollout", null), device(3, 2, "pending", "rollout", null));

        assertThat(Rollouts.decide(plan, 0, T0, "running", devices, T0.plusSeconds(30)).outcome())
            .isEqualTo(Rollouts.Outcome.WAIT);
        assertThat(Rollouts.decide(plan, 0, T0, "running", devices, T0.plusSeconds(65)).outcome())
            .isEqualTo(Rollouts.Outcome.DONE);
        // unhealthy, or still starting, is not healthy however long it runs
        List<Rollouts.Device> unhealthy = List.of(new Rollouts.Device(1, "dev1", 0, "running", "health", "500",
                "unhealthy", T0));
        assertThat(Rollouts.decide(plan, 0, T0, "running", unhealthy, T0.plusSeconds(65)).outcome())
            .isEqualTo(Rollouts.Outcome.WAIT);
    }

    @Test
    void anyFailureInTheFirstPhaseFailsItLaterOnlyAboveTheThreshold() {
        RolloutPlan plan = parse(null);
        List<Rollouts.Device> first = List.of(device(1, 0, "failed", "start", null), device(2, 1, "pending",
                "rollout", null));
        Rollouts.Decision failed = Rollouts.decide(plan, 0, T0, "running", first, T0.plusSeconds(1));
        assertThat(failed.outcome()).isEqualTo(Rollouts.Outcome.FAIL);
        assertThat(failed.failed()).extracting(Rollouts.Device::deviceId).containsExactly(1L);

        // phase 2 of 10 devices: 1 of 5 failed is 20 %, within the threshold; 2 of 5 is not
        List<Rollouts.Device> later = new ArrayList<>();
        for (int id = 2; id <= 6; id++) {
            later.add(device(id, 1, (id == 2) ? "failed" : "running", null, T0));
        }
        assertThat(Rollouts.decide(plan, 1, T0, "running", later, T0.plusSeconds(61)).outcome())
            .isEqualTo(Rollouts.Outcome.DONE);
        later.set(1, device(3, 1, "failed", "health", null));
        assertThat(Rollouts.decide(plan, 1, T0, "running", later, T0.plusSeconds(61)).outcome())
            .isEqualTo(Rollouts.Outcome.FAIL);
    }

    @Test
    void anOfflineDeviceIsNeitherFailedNorHealthyAndAPendingOneFailsAfterThePhaseTimeout() {
        RolloutPlan plan = parse(new RolloutPlan.Request(null, List.of("2", "100%"), "10s", "2m", null, null));
        List<Rollouts.Device> devices = List.of(device(1, 0, "running", null, T0),
                device(2, 0, "pending", "device", null), device(3, 1, "pending", "rollout", null));
        assertThat(Rollouts.decide(plan, 0, T0, "running", devices, T0.plusSeconds(11)).outcome())
            .as("the online device is healthy: the phase is done, the offline one converges when back")
            .isEqualTo(Rollouts.Outcome.DONE);

        List<Rollouts.Device> slow = List.of(device(1, 0, "running", null, T0), device(2, 0, "pulling", "pull", null));
        assertThat(Rollouts.decide(plan, 0, T0, "running", slow, T0.plusSeconds(60)).outcome())
            .isEqualTo(Rollouts.Outcome.WAIT);
        Rollouts.Decision late = Rollouts.decide(plan, 0, T0, "running", slow, T0.plusSeconds(121));
        assertThat(late.outcome()).isEqualTo(Rollouts.Outcome.FAIL);
        assertThat(late.failed()).extracting(Rollouts.Device::deviceId).containsExactly(2L);
    }

    @Test
    void aRolloutAdmitsTheDevicesOfItsPhasesSoFarAndNoneOnceRolledBack() {
        Rollout rollout = new Rollout(1, parse(null), T0);
        assertThat(rollout.admits(0, 3)).isTrue();
        assertThat(rollout.admits(1, 3)).isFalse();
        assertThat(rollout.admits(null, 3)).as("joined later: with the last phase").isFalse();
        rollout.next(T0);
        rollout.next(T0);
        assertThat(rollout.admits(null, 3)).isTrue();
        rollout.status(Rollout.ROLLED_BACK, "bad", T0);
        assertThat(rollout.admits(0, 3)).isFalse();
        assertThat(rollout.active()).isFalse();
    }

    private static RolloutPlan parse(RolloutPlan.Request request) {
        List<String[]> errors = new ArrayList<>();
        RolloutPlan plan = RolloutPlan.parse(request, DEFAULTS, errors);
        assertThat(errors).as("errors").isEmpty();
        return plan;
    }

    private static Rollouts.Device device(long id, int phase, String state, String step, Instant healthySince) {
        return new Rollouts.Device(id, "dev" + id, phase, state, step, null, null, healthySince);
    }

}
