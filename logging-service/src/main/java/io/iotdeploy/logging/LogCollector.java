package io.iotdeploy.logging;

import java.util.List;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.iotdeploy.device.LastLines;

/** Collects a finished log, keeping only its last {@code maxLines} lines (the bound for {@code tail=all}). */
final class LogCollector extends ResultCallback.Adapter<Frame> {

    private final LastLines lines;

    private final LogLines splitter;

    LogCollector(int maxLines) {
        this.lines = new LastLines(maxLines);
        this.splitter = new LogLines(this.lines::add);
    }

    @Override
    public synchronized void onNext(Frame frame) {
        this.splitter.accept(frame);
    }

    /** The lines, once the log is complete. */
    synchronized List<String> lines() {
        this.splitter.flush();
        return this.lines.lines();
    }

}
