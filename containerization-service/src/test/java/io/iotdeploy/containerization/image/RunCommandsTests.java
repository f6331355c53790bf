package io.iotdeploy.containerization.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RunCommandsTests {

    @Test
    void eachNonBlankLineIsOneCommand() {
        assertThat(RunCommands.parse("apt-get update\n\n  echo hello > /hello.txt  \n\t\nenvsubst < a > b\n"))
            .containsExactly("apt-get update", "echo hello > /hello.txt", "envsubst < a > b");
    }

    @Test
    void noCommandsIsAnEmptyList() {
        assertThat(RunCommands.parse(null)).isEmpty();
        assertThat(RunCommands.parse(" \n \n")).isEmpty();
    }

    @Test
    void commandsThatOnlyLookLikeInstructionsPass() {
        assertThat(RunCommands.parse("add-apt-repository universe\nuseradd app\ncopyright-check\nruns.sh"))
            .hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(strings = { "echo hi\nFROM scratch", "ENTRYPOINT [\"sh\"]", "entrypoint [\"sh\"]", "CMD sh",
            "echo ok\nUSER root", "copy app.jar /", "ADD http://x/y /", "RUN echo hi", "env FOO=1",
            "ENTRYPOINT[\"sh\"]", "echo hi\n  from scratch", "echo \\", "echo a \\  \nFROM scratch",
            "cmd <<EOF", "cat <<EOF > /x\nhello\nEOF", "echo hi\r\nFROM scratch", "echo hi\rFROM scratch",
            "echo \u0000 hi" })
    void refusesWhatIsNotAPlainCommand(String text) {
        assertThatExceptionOfType(ImageBuildException.class).isThrownBy(() -> RunCommands.parse(text))
            .satisfies((ex) -> {
                assertThat(ex.status().value()).isEqualTo(400);
                assertThat(ex.step()).isEqualTo("upload");
            });
    }

    @Test
    void refusesMoreThanFiftyLines() {
        assertThat(RunCommands.parse("true\n".repeat(50))).hasSize(50);
        assertThatExceptionOfType(ImageBuildException.class).isThrownBy(() -> RunCommands.parse("true\n".repeat(51)))
            .withMessageContaining("51");
    }

    @Test
    void refusesMoreThanFourKilobytes() {
        String line = "echo " + "x".repeat(95) + "\n";
        assertThat(RunCommands.parse(line.repeat(40))).hasSize(40);
        assertThatExceptionOfType(ImageBuildException.class).isThrownBy(() -> RunCommands.parse(line.repeat(41)))
            .withMessageContaining("4096");
    }

}
