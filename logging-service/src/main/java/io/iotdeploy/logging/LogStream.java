package io.iotdeploy.logging;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * One followed log: frames from the engine become one server-sent event per line. Whatever ends first, the
 * client (gone, noticed when a write fails), the emitter's timeout, or the engine's stream (container stopped),
 * stops the other side, so no connection to the device outlives the client.
 */
final class LogStream extends ResultCallback.Adapter<Frame> {

    private final SseEmitter emitter;

    private final LogLines lines = new LogLines((line) -> send(SseEmitter.event().data(line)));

    private volatile boolean stopped;

    private volatile ScheduledFuture<?> heartbeat;

    LogStream(SseEmitter emitter) {
        this.emitter = emitter;
        emitter.onCompletion(this::stop);
        emitter.onError((ex) -> stop());
        emitter.onTimeout(() -> {
            stop();
            // completing here ends the response quietly instead of as an async timeout error
            emitter.complete();
        });
    }

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        // onStart reopens the callback, so a client that left before the engine answered must close it again
        if (this.stopped) {
            closeQuietly();
        }
    }

    @Override
    public synchronized void onNext(Frame frame) {
        if (!this.stopped) {
            this.lines.accept(frame);
        }
    }

    /** Lets a silent stream find out that its client went away: only a failing write tells. */
    void heartbeat() {
        send(SseEmitter.event().comment("keep-alive"));
    }

    void heartbeat(ScheduledFuture<?> heartbeat) {
        this.heartbeat = heartbeat;
        if (this.stopped) {
            heartbeat.cancel(false);
        }
    }

    /** The engine's stream ended: send the last unfinished line and end the response. */
    synchronized void finish() {
        this.lines.flush();
        this.emitter.complete();
    }

    /** The stream broke after the response began: a problem detail cannot follow, an {@code error} event can. */
    void fail(String detail) {
        send(SseEmitter.event().name("error").data(detail));
        this.emitter.complete();
    }

    void stop() {
        this.stopped = true;
        ScheduledFuture<?> heartbeat = this.heartbeat;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        closeQuietly();
    }

    private void send(SseEventBuilder event) {
        if (this.stopped) {
            return;
        }
        try {
            this.emitter.send(event);
        }
        catch (IOException | IllegalStateException ex) {
            // the client went away or the emitter already completed
            stop();
        }
    }

    private void closeQuietly() {
        try {
            close();
        }
        catch (IOException ex) {
            // the stream to the device is being torn down anyway
        }
    }

}
