package io.iotdeploy.deployment.reconcile;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.iotdeploy.deployment.desired.FleetDirectory;
import io.iotdeploy.deployment.desired.FleetDirectory.Event;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Reads machine-service's device events (a device came online or went offline, its tags changed, a group changed)
 * and asks the reconciler for a pass over the owner's applications, so that a device that returns converges within
 * seconds rather than an interval. It starts from the newest event when the service starts (the reconciler's first
 * pass covers everything before); an event missed while machine-service does not answer is caught by the steady
 * pass.
 */
@Component
class DeviceEventWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeviceEventWatcher.class);

    private final FleetDirectory fleet;

    private final Reconciler reconciler;

    private final DeploymentServiceProperties.Reconcile settings;

    private final ScheduledExecutorService timer = Executors
        .newSingleThreadScheduledExecutor(new CustomizableThreadFactory("device-events-"));

    /** The id of the last event seen; -1 until the newest one is known. */
    private volatile long cursor = -1;

    private volatile boolean started;

    DeviceEventWatcher(FleetDirectory fleet, Reconciler reconciler, DeploymentServiceProperties properties) {
        this.fleet = fleet;
        this.reconciler = reconciler;
        this.settings = properties.reconcile();
    }

    /** Reads every event after the cursor; @return the owners they concern */
    Set<String> poll() {
        Set<String> owners = new TreeSet<>();
        boolean catchingUp = this.cursor < 0;
        long after = Math.max(0, this.cursor);
        while (true) {
            List<Event> page = this.fleet.events(after);
            if (page.isEmpty()) {
                break;
            }
            for (Event event : page) {
                after = Math.max(after, event.id());
                if (!catchingUp && event.owner() != null) {
                    owners.add(event.owner());
                }
            }
        }
        this.cursor = after;
        return owners;
    }

    private void tick() {
        try {
            for (String owner : poll()) {
                this.reconciler.requestForOwner(owner);
            }
        }
        catch (RuntimeException ex) {
            log.debug("device events not read (the steady pass covers them): {}", ex.toString());
        }
    }

    @Override
    public void start() {
        if (this.settings.enabled()) {
            long millis = this.settings.eventsInterval().toMillis();
            this.timer.scheduleWithFixedDelay(this::tick, 0, millis, TimeUnit.MILLISECONDS);
        }
        this.started = true;
    }

    @Override
    public void stop() {
        this.started = false;
        this.timer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return this.started;
    }

}
