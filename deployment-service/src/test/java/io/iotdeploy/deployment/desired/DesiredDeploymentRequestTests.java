package io.iotdeploy.deployment.desired;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DesiredDeploymentRequestTests {

    static final io.iotdeploy.deployment.rollout.RolloutPlan.Defaults DEFAULTS =
            new io.iotdeploy.deployment.rollout.RolloutPlan.Defaults(List.of("1", "50%", "100%"),
                    java.time.Duration.ofSeconds(60), java.time.Duration.ofMinutes(10), 20);

    @Test
    void aDeploymentNamesARelease_aTargetAndByDefaultRunsIt() {
        DesiredDeploymentRequest.Checked checked = request(3, target(null, "basement", null), null, " ci 1a2b ")
            .check(DEFAULTS);
        assertThat(checked.release()).isEqualTo(3);
        assertThat(checked.target()).isEqualTo(new DeploymentTarget(DeploymentTarget.Kind.GROUP, "basement"));
        assertThat(checked.state()).isEqualTo(RunState.RUNNING);
        assertThat(checked.note()).isEqualTo("ci 1a2b");
        assertThat(request(1, target(5L, null, null), "paused", null).check(DEFAULTS).target())
            .isEqualTo(DeploymentTarget.device(5));
        assertThat(request(1, target(null, null, " site=a,role=gw "), "stopped", null).check(DEFAULTS).target())
            .isEqualTo(new DeploymentTarget(DeploymentTarget.Kind.SELECTOR, "site=a,role=gw"));
    }

    @Test
    void anUndeployNamesNoRelease() {
        DesiredDeploymentRequest.Checked checked = request(null, target(5L, null, null), "removed", null).check(DEFAULTS);
        assertThat(checked.release()).isNull();
        assertThat(checked.state()).isEqualTo(RunState.REMOVED);
    }

    @Test
    void everyMistakeIsNamedAtOnce() {
        DesiredDeploymentRequest request = new DesiredDeploymentRequest(0,
                new DesiredDeploymentRequest.Target(1L, "g", null, Map.of("tags", "x")), "asleep", "n".repeat(201),
                null, null,
                Map.of("privileged", true));
        assertThat(fields(request)).containsExactlyInAnyOrder("privileged", "state", "release", "target.tags", "target",
                "note");
    }

    @Test
    void aTargetIsExactlyOneWellFormedThing() {
        assertThat(fields(request(1, null, null, null))).containsExactly("target");
        assertThat(fields(request(1, target(null, null, null), null, null))).containsExactly("target");
        assertThat(fields(request(1, target(-4L, null, null), null, null))).containsExactly("target.device");
        assertThat(fields(request(1, target(null, "Not a name!", null), null, null))).containsExactly("target.group");
        assertThat(fields(request(1, target(null, null, "x".repeat(301)), null, null)))
            .containsExactly("target.selector");
        assertThat(fields(request(1, target(null, null, "  "), null, null))).containsExactly("target.selector");
        assertThat(fields(request(null, target(1L, null, null), "running", null))).containsExactly("release");
    }

    private static DesiredDeploymentRequest request(Integer release, DesiredDeploymentRequest.Target target,
            String state, String note) {
        return new DesiredDeploymentRequest(release, target, state, note, null, null, null);
    }

    private static DesiredDeploymentRequest.Target target(Long device, String group, String selector) {
        return new DesiredDeploymentRequest.Target(device, group, selector, null);
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(DesiredDeploymentRequest request) {
        try {
            request.check(DEFAULTS);
        }
        catch (ErrorResponseException ex) {
            assertThat(ex.getStatusCode().value()).isEqualTo(400);
            List<Map<String, String>> errors = (List<Map<String, String>>) ex.getBody().getProperties().get("errors");
            return errors.stream().map((error) -> error.get("field")).toList();
        }
        throw new AssertionError("accepted: " + request);
    }

}
