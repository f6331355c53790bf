package io.iotdeploy.machine.device;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.iotdeploy.device.AddressRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Watches every registered device, of every owner, so that its state and {@code lastSeen} are current and its
 * online/offline transitions become device events ({@link DeviceRepository#update}). Once per interval a round lists
 * the devices and pings each one at its own phase of the interval (with jitter), so that the pings are spread
 * over it and each device is pinged one interval after the last time. The pings run on a pool of
 * {@code parallelism} threads, each bounded by the heartbeat's timeout: a dead device holds one slot for one
 * timeout and delays nobody else, and a device still being pinged is skipped by the next round, never queued twice.
 * One clock thread and the pool, whatever the number of devices. A device whose address the rules refuse is not
 * contacted. Each round also prunes the events older than their retention.
 * <p>
 * Several replicas of machine-service each ping every device; that is harmless: a transition is recorded by one
 * conditional update, so it is one event whichever replica saw it first.
 */
@Component
class DeviceHeartbeat implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(DeviceHeartbeat.class);

    private final DeviceRepository repository;

    private final DeviceEventRepository events;

    private final DeviceService devices;

    private final MachineProperties.Heartbeat settings;

    private final Duration retention;

    /** This process's phases: stable from round to round, different on another replica. */
    private final long seed = ThreadLocalRandom.current().nextLong();

    /** Devices whose ping of this round is waiting for its phase, queued or running. */
    private final Set<Long> pending = ConcurrentHashMap.newKeySet();

    /** Devices refused by the address rules, said once (and again after they were pinged in between). */
    private final Set<Long> refused = ConcurrentHashMap.newKeySet();

    private ScheduledExecutorService clock;

    private ExecutorService pings;

    private volatile boolean running;

    DeviceHeartbeat(DeviceRepository repository, DeviceEventRepository events, DeviceService devices,
            MachineProperties properties) {
        this.repository = repository;
        this.events = events;
        this.devices = devices;
        this.settings = properties.heartbeat();
        this.retention = properties.events().retention();
    }

    @Override
    public synchronized void start() {
        if (this.running) {
            return;
        }
        if (!this.settings.enabled()) {
            logger.info("device heartbeat is off (iotdeploy.machine.heartbeat.enabled): devices are pinged only "
                    + "when their owners ask");
            return;
        }
        CustomizableThreadFactory clockThread = new CustomizableThreadFactory("device-heartbeat-");
        clockThread.setDaemon(true);
        ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1, clockThread);
        clock.setRemoveOnCancelPolicy(true);
        CustomizableThreadFactory pingThreads = new CustomizableThreadFactory("device-heartbeat-ping-");
        pingThreads.setDaemon(true);
        int parallelism = this.settings.parallelism();
        // unbounded, but never longer than the number of devices: a device is queued at most once (pending)
        this.pings = new ThreadPoolExecutor(parallelism, parallelism, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), pingThreads);
        this.clock = clock;
        this.running = true;
        long interval = this.settings.interval().toMillis();
        clock.scheduleAtFixedRate(this::round, 0, interval, TimeUnit.MILLISECONDS);
        logger.info("device heartbeat: every device every {}{}, {} at once, {} timeout each",
                readable(this.settings.interval()), this.settings.jitter() ? " (spread over the interval)" : "",
                parallelism, readable(this.settings.timeout()));
    }

    /**
     * Stops the rounds at once; a ping under way ends within its timeout (a socket read does not heed an
     * interrupt) and is not recorded, since the service, not the device, went away.
     */
    @Override
    public synchronized void stop() {
        if (!this.running) {
            return;
        }
        this.running = false;
        this.clock.shutdownNow();
        this.pings.shutdown();
        // connecting and answering are bounded by one timeout each
        Duration bound = this.settings.timeout().multipliedBy(2).plusSeconds(1);
        try {
            boolean stopped = this.clock.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)
                    && this.pings.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
            if (!stopped) {
                this.pings.shutdownNow();
                logger.warn("device heartbeat: pings still under way after {}, left to their timeouts",
                        readable(bound));
            }
        }
        catch (InterruptedException ex) {
            this.pings.shutdownNow();
            Thread.currentThread().interrupt();
        }
        this.pending.clear();
        logger.info("device heartbeat stopped");
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    /** Where in the interval a device is pinged: 0 without jitter, else a phase of its own in [0, interval). */
    static long phase(long deviceId, long seed, long intervalMillis, boolean jitter) {
        if (!jitter) {
            return 0;
        }
        // SplitMix64's finalizer: neighbouring ids land far apart in the interval
        long z = deviceId ^ seed;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return Math.floorMod(z, intervalMillis);
    }

    /** On the clock thread: must never throw, or the schedule ends. */
    private void round() {
        prune();
        List<Device> all;
        try {
            all = this.repository.findEvery();
        }
        catch (RuntimeException ex) {
            logger.warn("device heartbeat: the devices could not be listed, step list: {}", ex.getMessage(), ex);
            return;
        }
        long interval = this.settings.interval().toMillis();
        for (Device device : all) {
            if (!this.pending.add(device.id())) {
                logger.debug("device {} (id {}) of {}: still being pinged, skipped this round", device.name(),
                        device.id(), device.owner());
                continue;
            }
            long delay = phase(device.id(), this.seed, interval, this.settings.jitter());
            try {
                this.clock.schedule(() -> submit(device), delay, TimeUnit.MILLISECONDS);
            }
            catch (RejectedExecutionException ex) {
                // stopping
                this.pending.remove(device.id());
                return;
            }
        }
    }

    private void submit(Device device) {
        try {
            this.pings.execute(() -> ping(device));
        }
        catch (RejectedExecutionException ex) {
            this.pending.remove(device.id());
        }
    }

    private void ping(Device listed) {
        try {
            if (!this.running) {
                return;
            }
            // afresh: its owner may have changed its port or TLS mode since the round listed it, or deleted it
            Device device = this.repository.findById(listed.owner(), listed.id()).orElse(null);
            if (device == null) {
                return;
            }
            EnginePing ping = this.devices.heartbeat(device);
            this.refused.remove(device.id());
            if (!this.running) {
                return;
            }
            if (ping.state() != DeviceState.ONLINE) {
                logger.debug("device {} (id {}) of {} at {} is {}, step ping: {}", device.name(), device.id(),
                        device.owner(), device.dockerHost(), ping.state().value(), ping.reason());
            }
            this.devices.record(device, ping);
        }
        catch (AddressRefusedException ex) {
            if (this.refused.add(listed.id())) {
                logger.warn("device {} (id {}) of {} at {} is not pinged, step ping: {}", listed.name(), listed.id(),
                        listed.owner(), listed.dockerHost(), ex.getMessage());
            }
        }
        catch (RuntimeException ex) {
            // the platform's own failure (its client certificate, its database), not the device's
            logger.warn("device {} (id {}) of {} at {}: the heartbeat failed, step ping: {}", listed.name(),
                    listed.id(), listed.owner(), listed.dockerHost(), ex.getMessage(), ex);
        }
        finally {
            this.pending.remove(listed.id());
        }
    }

    /** {@code 30s}, {@code 200ms}: as the settings are written. */
    private static String readable(Duration duration) {
        long millis = duration.toMillis();
        return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
    }

    private void prune() {
        try {
            int pruned = this.events.deleteBefore(Instant.now().minus(this.retention));
            if (pruned > 0) {
                logger.debug("device heartbeat: {} device events older than {} pruned", pruned, this.retention);
            }
        }
        catch (RuntimeException ex) {
            logger.warn("device heartbeat: old device events could not be pruned, step prune: {}", ex.getMessage(), ex);
        }
    }

}
