package io.iotdeploy.logging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

/** Collects a finished log, keeping only its last {@code maxLines} lines (the bound for {@code tail=all}). */
final class LogCollector extends ResultCallback.Adapter<Frame> {

    private final int maxLines;

    private final Deque<String> lines = new ArrayDeque<>();

    private final LogLines splitter = new LogLines(this::add);

    LogCollector(int maxLines) {
        this.maxLines = maxLines;
    }

    @Override
    public synchronized void onNext(Frame frame) {
        this.splitter.accept(frame);
    }

    /** The lines, once the log is complete. */
    synchronized List<String> lines() {
        this.splitter.flush();
        return List.copyOf(this.lines);
    }

    private void add(String line) {
        this.lines.addLast(line);
        if (this.lines.size() > this.maxLines) {
            this.lines.removeFirst();
        }
    }

}
