package io.iotdeploy.logging;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallbackTemplate;
import com.github.dockerjava.api.command.LogContainerCmd;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceEngineException;
import io.iotdeploy.device.DeviceEngines;
import io.iotdeploy.device.DeviceUnreachableException;
import io.iotdeploy.token.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Reads and follows the logs of containers on devices. */
@Service
class ContainerLogs implements DisposableBean {

    static final String STEP = "logs";

    private static final Logger log = LoggerFactory.getLogger(ContainerLogs.class);

    private final DeviceEngines engines;

    private final LoggingServiceProperties properties;

    /** One thread per followed log: it holds the device's client open until the stream ends. */
    private final ThreadPoolExecutor followers;

    private final ScheduledExecutorService heartbeats;

    ContainerLogs(DeviceEngines engines, LoggingServiceProperties properties) {
        this.engines = engines;
        this.properties = properties;
        CustomizableThreadFactory followerThreads = new CustomizableThreadFactory("log-follow-");
        followerThreads.setDaemon(true);
        this.followers = new ThreadPoolExecutor(0, properties.stream().max(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), followerThreads);
        CustomizableThreadFactory heartbeatThreads = new CustomizableThreadFactory("log-heartbeat-");
        heartbeatThreads.setDaemon(true);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(heartbeatThreads);
    }

    List<String> lines(Device device, String name, Tail tail, Integer since, CurrentUser user) {
        String containerId = this.engines.visibleContainer(device, name, user).getId();
        Duration timeout = this.properties.timeout();
        return engine(device, (docker) -> {
            LogContainerCmd command = tail.applyTo(docker.logContainerCmd(containerId)).withStdOut(true).withStdErr(true);
            if (since != null) {
                command.withSince(since);
            }
            LogCollector collector = command.exec(new LogCollector(this.properties.maxTail()));
            if (!await(collector, timeout)) {
                throw new DeviceUnreachableException(device, STEP,
                        new SocketTimeoutException("the log was not complete within " + timeout.toSeconds() + " s"));
            }
            return collector.lines();
        });
    }

    /**
     * Follows a container's log. The container is looked up before the response begins, so an unknown
     * container or an unreachable device is still a problem detail; later failures end the stream with an
     * {@code error} event.
     */
    SseEmitter follow(Device device, String name, Tail tail, CurrentUser user) {
        String containerId = this.engines.visibleContainer(device, name, user).getId();
        Duration timeout = this.properties.stream().timeout();
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        LogStream stream = new LogStream(emitter);
        try {
            this.followers.execute(() -> follow(device, containerId, tail, stream, timeout));
        }
        catch (RejectedExecutionException ex) {
            throw new TooManyStreamsException(this.properties.stream().max());
        }
        long beat = this.properties.stream().heartbeat().toMillis();
        stream.heartbeat(this.heartbeats.scheduleAtFixedRate(stream::heartbeat, beat, beat, TimeUnit.MILLISECONDS));
        return emitter;
    }

    private void follow(Device device, String containerId, Tail tail, LogStream stream, Duration timeout) {
        try {
            engine(device, (docker) -> {
                tail.applyTo(docker.logContainerCmd(containerId))
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .exec(stream);
                // the emitter's timeout stops the stream first; this bound only guards the thread
                await(stream, timeout.plusMinutes(1));
                return null;
            });
            stream.finish();
        }
        catch (DeviceUnreachableException | DeviceEngineException ex) {
            stream.fail(ex.getMessage());
        }
        catch (RuntimeException ex) {
            log.warn("following the log of {} on {} failed", containerId, device.label(), ex);
            stream.fail("following the log failed: " + ex.getMessage());
        }
    }

    /** Open log streams, each holding a thread and a connection to its device. */
    int openStreams() {
        return this.followers.getActiveCount();
    }

    private <T> T engine(Device device, Function<DockerClient, T> call) {
        return this.engines.streaming(device, STEP, call);
    }

    private static boolean await(ResultCallbackTemplate<?, ?> callback, Duration timeout) {
        try {
            return callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            // the service is shutting down; awaitCompletion has closed the stream
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a log", ex);
        }
    }

    @Override
    public void destroy() {
        this.heartbeats.shutdownNow();
        this.followers.shutdownNow();
    }

}
