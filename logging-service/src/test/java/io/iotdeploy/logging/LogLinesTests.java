package io.iotdeploy.logging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogLinesTests {

    private final List<String> lines = new ArrayList<>();

    private final LogLines splitter = new LogLines(this.lines::add);

    @Test
    void aLineSpanningFramesIsOneLine() {
        this.splitter.accept(stdout("hello-server lis"));
        this.splitter.accept(stdout("tening on port 8000\nsecond "));
        assertThat(this.lines).containsExactly("hello-server listening on port 8000");
        this.splitter.accept(stdout("line\n"));
        assertThat(this.lines).containsExactly("hello-server listening on port 8000", "second line");
    }

    @Test
    void severalLinesInOneFrameAndEmptyLinesAreKept() {
        this.splitter.accept(stdout("a\n\nb\r\nc\n"));
        assertThat(this.lines).containsExactly("a", "", "b", "c");
    }

    @Test
    void aCharacterSplitAcrossFramesIsDecodedWhole() {
        byte[] bytes = "grüße €\n".getBytes(StandardCharsets.UTF_8);
        // cut inside the two-byte ü and inside the three-byte €
        this.splitter.accept(new Frame(StreamType.STDOUT, Arrays.copyOfRange(bytes, 0, 3)));
        this.splitter.accept(new Frame(StreamType.STDOUT, Arrays.copyOfRange(bytes, 3, 9)));
        this.splitter.accept(new Frame(StreamType.STDOUT, Arrays.copyOfRange(bytes, 9, bytes.length)));
        assertThat(this.lines).containsExactly("grüße €");
    }

    @Test
    void stdoutAndStderrKeepTheirOwnUnfinishedLines() {
        this.splitter.accept(stdout("out-"));
        this.splitter.accept(new Frame(StreamType.STDERR, bytes("err-1\n")));
        this.splitter.accept(stdout("1\n"));
        assertThat(this.lines).containsExactly("err-1", "out-1");
    }

    @Test
    void theLastLineWithoutNewlineComesOnFlush() {
        this.splitter.accept(stdout("done\nno newline"));
        assertThat(this.lines).containsExactly("done");
        this.splitter.flush();
        assertThat(this.lines).containsExactly("done", "no newline");
        this.splitter.flush();
        assertThat(this.lines).hasSize(2);
    }

    @Test
    void aRunawayLineIsCutAtTheLimit() {
        byte[] chunk = new byte[1024];
        Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 65; i++) {
            this.splitter.accept(new Frame(StreamType.STDOUT, chunk));
        }
        this.splitter.accept(stdout("\n"));
        assertThat(this.lines).hasSize(2);
        assertThat(this.lines.get(0)).hasSize(LogLines.MAX_LINE_BYTES);
        assertThat(this.lines.get(1)).hasSize(1024);
    }

    private static Frame stdout(String text) {
        return new Frame(StreamType.STDOUT, bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
