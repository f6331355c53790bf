package io.iotdeploy.device;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ContainerNamesTests {

    @Test
    void namesTheEngineAccepts() {
        assertThat(ContainerNames.isValid("sensor_collector")).isTrue();
        assertThat(ContainerNames.isValid("a1")).isTrue();
        assertThat(ContainerNames.isValid("app.v2-beta")).isTrue();
        assertThat(ContainerNames.isValid("x".repeat(ContainerNames.MAX_LENGTH))).isTrue();
    }

    @Test
    void namesNoContainerCanHave() {
        assertThat(ContainerNames.isValid(null)).isFalse();
        assertThat(ContainerNames.isValid("")).isFalse();
        assertThat(ContainerNames.isValid("a")).isFalse();
        assertThat(ContainerNames.isValid("-app")).isFalse();
        assertThat(ContainerNames.isValid("../etc")).isFalse();
        assertThat(ContainerNames.isValid("app name")).isFalse();
        assertThat(ContainerNames.isValid("app\n")).isFalse();
        assertThat(ContainerNames.isValid("x".repeat(ContainerNames.MAX_LENGTH + 1))).isFalse();
    }

    @Test
    void requireNamesTheRule() {
        assertThat(ContainerNames.require("app")).isEqualTo("app");
        assertThatExceptionOfType(InvalidContainerNameException.class).isThrownBy(() -> ContainerNames.require("a/b"))
            .withMessageContaining("'a/b' is not a container name")
            .withMessageContaining(ContainerNames.RULE);
    }

}
