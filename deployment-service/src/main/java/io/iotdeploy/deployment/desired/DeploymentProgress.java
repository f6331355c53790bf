package io.iotdeploy.deployment.desired;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.token.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A deployment's progress as a server-sent event stream, for a pipeline that deployed with {@code wait=false} and a
 * page that shows it live: first the whole deployment ({@code deployment}), then one {@code device} event each time
 * a device's state, step or message changes, and at the end {@code settled} (every device running, stopped, paused,
 * removed, failed or superseded) or, when some are still pending after the stream's timeout (an offline device),
 * {@code unsettled}; each end event carries the whole deployment again. The stored desired state is what is read
 * (every {@code poll}), so a stream shows the same whichever replica's reconciler works on the devices.
 */
@Component
class DeploymentProgress implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeploymentProgress.class);

    static final Set<String> SETTLED = Set.of("running", "stopped", "paused", "removed", "failed", "superseded",
            "rolled-back");

    private static final Set<String> ACTIVE_ROLLOUT = Set.of("running", "waiting", "paused");

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final DesiredStateService deployments;

    private final DeploymentServiceProperties.Progress settings;

    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2,
            new CustomizableThreadFactory("deployment-progress-"));

    DeploymentProgress(DesiredStateService deployments, DeploymentServiceProperties properties) {
        this.deployments = deployments;
        this.settings = properties.progress();
    }

    /**
     * The stream of one deployment. An unknown application or deployment is a problem before the stream begins.
     */
    SseEmitter follow(CurrentUser user, String name, long id) {
        DesiredDeploymentResponse first = this.deployments.get(user, name, id);
        // the emitter's own timeout only guards against a stream this class lost track of
        SseEmitter emitter = new SseEmitter(this.settings.timeout().plusSeconds(30).toMillis());
        Follower follower = new Follower(emitter, user, name, id, System.nanoTime() + this.settings.timeout().toNanos());
        if (!follower.sendDeployment("deployment", first) || follower.ended(first)) {
            return emitter;
        }
        follower.future = this.ticks.scheduleWithFixedDelay(follower::tick, this.settings.poll().toMillis(),
                this.settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        emitter.onCompletion(follower::cancel);
        emitter.onTimeout(follower::cancel);
        emitter.onError((ex) -> follower.cancel());
        return emitter;
    }

    static boolean settled(DesiredDeploymentResponse deployment) {
        if (deployment.rollout() != null && ACTIVE_ROLLOUT.contains(deployment.rollout().status())) {
            return false; // a rollout is followed to its end
        }
        return deployment.devices().stream().allMatch((device) -> SETTLED.contains(device.state())
                || ("pending".equals(device.state()) && "rollout".equals(device.step())));
    }

    @Override
    public void destroy() {
        this.ticks.shutdownNow();
    }

    private final class Follower {

        private final SseEmitter emitter;

        private final CurrentUser user;

        private final String name;

        private final long id;

        private final long deadline;

        /** What was sent of each device: its state, step and message. */
        private final Map<Long, String> sent = new HashMap<>();

        private long lastSent = System.nanoTime();

        private volatile ScheduledFuture<?> future;

        private volatile boolean done;

        Follower(SseEmitter emitter, CurrentUser user, String name, long id, long deadline) {
            this.emitter = emitter;
            this.user = user;
            this.name = name;
            this.id = id;
            this.deadline = deadline;
        }

        void tick() {
            if (this.done) {
                cancel();
                return;
            }
            try {
                DesiredDeploymentResponse now = DeploymentProgress.this.deployments.get(this.user, this.name, this.id);
                for (DesiredDeploymentResponse.DeviceEntry device : now.devices()) {
                    if (!Objects.equals(this.sent.get(device.deviceId()), key(device))) {
                        if (!send("device", device)) {
                            return;
                        }
                        this.sent.put(device.deviceId(), key(device));
                    }
                }
                if (ended(now)) {
                    return;
                }
                if (System.nanoTime() - this.lastSent > HEARTBEAT.toNanos()) {
                    // a comment keeps proxies from closing a quiet stream; clients ignore it
                    this.emitter.send(SseEmitter.event().comment("still " + now.summary()));
                    this.lastSent = System.nanoTime();
                }
            }
            catch (IOException ex) {
                cancel();
            }
            catch (RuntimeException ex) {
                // the deployment went away (its application was deleted) or the database failed: say so, end
                log.warn("progress of deployment {} of {}: {}", this.id, this.name, ex.toString());
                send("error", Map.of("detail", String.valueOf(ex.getMessage())));
                finish();
            }
        }

        /** Sends the end event and completes when the deployment settled or the stream's time is up. */
        boolean ended(DesiredDeploymentResponse now) {
            if (settled(now)) {
                sendDeployment("settled", now);
                finish();
                return true;
            }
            if (System.nanoTime() > this.deadline) {
                sendDeployment("unsettled", now);
                finish();
                return true;
            }
            return false;
        }

        boolean sendDeployment(String event, DesiredDeploymentResponse deployment) {
            deployment.devices().forEach((device) -> this.sent.put(device.deviceId(), key(device)));
            return send(event, deployment);
        }

        private boolean send(String event, Object data) {
            try {
                this.emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
                this.lastSent = System.nanoTime();
                return true;
            }
            catch (IOException | IllegalStateException ex) {
                // the client went away
                cancel();
                return false;
            }
        }

        private void finish() {
            cancel();
            this.emitter.complete();
        }

        void cancel() {
            this.done = true;
            ScheduledFuture<?> running = this.future;
            if (running != null) {
                running.cancel(false);
            }
        }

        private static String key(DesiredDeploymentResponse.DeviceEntry device) {
            return device.state() + "\n" + device.step() + "\n" + device.message();
        }

    }

}
