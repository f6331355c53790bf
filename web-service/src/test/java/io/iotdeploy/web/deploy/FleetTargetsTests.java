package io.iotdeploy.web.deploy;

import org.junit.jupiter.api.Test;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetTargetsTests {

    @Test
    void aGroupOrTagsInsteadOfAnAddress() {
        assertThat(FleetTargets.of(null, " basement ", null, null)).isEqualTo(FleetTarget.group("basement"));
        assertThat(FleetTargets.of("", null, "site=a,role=gw", "ci 1")).isEqualTo(FleetTarget.tags("site=a,role=gw"));
        assertThat(FleetTargets.of("10.77.0.11", null, " ", null)).as("the thesis' form: no fleet target").isNull();
        assertThat(FleetTarget.group("g").json()).containsEntry("group", "g");
        assertThat(FleetTarget.tags("a=b").json()).containsEntry("selector", "a=b");
    }

    @Test
    void oneTargetOnly() {
        assertRefused(() -> FleetTargets.of(null, "g", "a=b", null), "tags");
        assertRefused(() -> FleetTargets.of("10.77.0.11", "g", null, null), "group");
        assertRefused(() -> FleetTargets.of("10.77.0.11", null, "a=b", null), "tags");
    }

    @Test
    void malformedOnesAreRefusedByField() {
        assertRefused(() -> FleetTargets.of(null, "no such name!", null, null), "group");
        assertRefused(() -> FleetTargets.of(null, null, "a=" + "b".repeat(299), null), "tags");
        assertRefused(() -> FleetTargets.of(null, null, "a=b", "n".repeat(201)), "note");
        assertThat(FleetTargets.note("  ")).isNull();
        assertThat(FleetTargets.note(" abc ")).isEqualTo("abc");
    }

    private static void assertRefused(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ErrorResponseException.class, (ex) -> {
            assertThat(ex.getStatusCode().value()).isEqualTo(400);
            assertThat(ex.getBody().getProperties()).containsEntry("field", field).containsEntry("step", "upload");
        });
    }

}
