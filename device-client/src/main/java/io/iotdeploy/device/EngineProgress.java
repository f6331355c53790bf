package io.iotdeploy.device;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ResponseItem;

/**
 * The base of the platform's callbacks for the engine's progress streams (build, push, pull). The engine reports
 * two kinds of failure, and this keeps both apart:
 * <ul>
 * <li>the call failed ({@link #failure()}: refused with 404 or 500, the connection broke), rethrown by
 * {@link #await} as it came, instead of being logged by docker-java's template as an error of its own;</li>
 * <li>the engine answered 200 and then reported an error inside the stream ({@link #error()}: a failed
 * {@code RUN}, an unknown manifest, a registry that refused).</li>
 * </ul>
 * It keeps the stream's last lines for the problem detail, and every wait is bounded.
 */
public abstract class EngineProgress<T extends ResponseItem> extends ResultCallback.Adapter<T> {

    private final LastLines lines;

    private volatile String error;

    private volatile Throwable failure;

    protected EngineProgress(int keptLines) {
        this.lines = new LastLines(keptLines);
    }

    @Override
    public final void onNext(T item) {
        if (item.getStream() != null) {
            this.lines.addText(item.getStream());
        }
        if (item.isErrorIndicated()) {
            String message = (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null)
                    ? item.getErrorDetail().getMessage() : item.getError();
            this.error = message;
            this.lines.add("ERROR: " + message);
        }
        progress(item);
    }

    /** What the subclass reads from an item besides the error and the text (a digest, an image id, a layer). */
    protected void progress(T item) {
    }

    @Override
    public final void onError(Throwable throwable) {
        this.failure = throwable;
        try {
            close();
        }
        catch (IOException ex) {
            throwable.addSuppressed(ex);
        }
    }

    /**
     * Waits for the stream to end, at most {@code timeout}; a stream that did not end in time is closed (the
     * engine stops what it was doing for it). A failure of the call is rethrown; an interrupt ends the wait with
     * an {@link IllegalStateException}, the thread's interrupt flag set again.
     * @return whether the stream ended in time
     */
    public final boolean await(Duration timeout) {
        boolean ended;
        try {
            ended = awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            closeQuietly();
            throw new IllegalStateException("interrupted while waiting for the engine's stream", ex);
        }
        if (!ended) {
            closeQuietly();
        }
        Throwable failed = this.failure;
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof Error fatal) {
            throw fatal;
        }
        if (failed != null) {
            throw new IllegalStateException("the engine's stream failed: " + failed, failed);
        }
        return ended;
    }

    /** The error the engine reported inside the stream, or {@code null}. */
    public final String error() {
        return this.error;
    }

    /** How the call itself failed, or {@code null}. */
    public final Throwable failure() {
        return this.failure;
    }

    /** The stream's last lines, an error as {@code ERROR: …}. */
    public final List<String> lastLines() {
        return this.lines.lines();
    }

    private void closeQuietly() {
        try {
            close();
        }
        catch (IOException ex) {
            // the stream is abandoned either way
        }
    }

}
