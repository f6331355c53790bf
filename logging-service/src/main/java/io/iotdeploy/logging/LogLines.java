package io.iotdeploy.logging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

/**
 * Turns the engine's log frames into lines. A frame is not a line: docker-java cuts frames into 1 KiB pieces
 * and the engine may cut a long line too, so a line (and a UTF-8 character) can span frames, and stdout and
 * stderr interleave; each stream keeps its own unfinished line, as bytes until its newline arrives.
 * Not thread-safe: frames of one log arrive on one thread.
 */
final class LogLines {

    /** A line without a newline is cut here, so that one runaway line cannot fill the service's memory. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final Consumer<String> sink;

    private final Map<StreamType, ByteArrayOutputStream> unfinished = new EnumMap<>(StreamType.class);

    LogLines(Consumer<String> sink) {
        this.sink = sink;
    }

    void accept(Frame frame) {
        byte[] payload = frame.getPayload();
        ByteArrayOutputStream line = this.unfinished.computeIfAbsent(frame.getStreamType(),
                (type) -> new ByteArrayOutputStream());
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n') {
                line.write(payload, start, i - start);
                emit(line);
                start = i + 1;
            }
            else if (line.size() + (i + 1 - start) >= MAX_LINE_BYTES) {
                line.write(payload, start, i + 1 - start);
                emit(line);
                start = i + 1;
            }
        }
        line.write(payload, start, payload.length - start);
    }

    /** The log ended: what is left without a newline is a line too. */
    void flush() {
        for (ByteArrayOutputStream line : this.unfinished.values()) {
            if (line.size() > 0) {
                emit(line);
            }
        }
    }

    private void emit(ByteArrayOutputStream line) {
        byte[] bytes = line.toByteArray();
        line.reset();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        this.sink.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

}
