package io.iotdeploy.deployment.desired;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The desired state as the reconciler reads and reports it: the deployments of an application, newest first, and
 * where each device is. Every write is a transaction of its own, so a device's progress is visible at once.
 */
@Component
public class DesiredStates {

    private final DesiredDeploymentRepository deployments;

    private final DeviceDeploymentRepository devices;

    private final Clock clock;

    DesiredStates(DesiredDeploymentRepository deployments, DeviceDeploymentRepository devices, Clock clock) {
        this.deployments = deployments;
        this.devices = devices;
        this.clock = clock;
    }

    /** Every application that has a deployment. */
    @Transactional(readOnly = true)
    public List<Long> applicationIds() {
        return this.deployments.applicationIds();
    }

    /** The applications of these deployments, each once. */
    @Transactional(readOnly = true)
    public List<Long> applicationIdsOfDeployments(Collection<Long> deploymentIds) {
        return this.deployments.findAllById(deploymentIds)
            .stream()
            .map(DesiredDeployment::applicationId)
            .distinct()
            .toList();
    }

    /** The owner's applications that have a deployment. */
    @Transactional(readOnly = true)
    public List<Long> applicationIdsOf(String owner) {
        return this.deployments.applicationIdsOf(owner);
    }

    /** Newest first: per device the first one whose target selects it wins. */
    @Transactional(readOnly = true)
    public List<DesiredDeployment> deployments(long applicationId) {
        return this.deployments.findByApplicationIdOrderByIdDesc(applicationId);
    }

    @Transactional(readOnly = true)
    public List<DeviceDeployment> devices(Collection<Long> deploymentIds) {
        return deploymentIds.isEmpty() ? List.of() : this.devices.findByDeploymentIdIn(deploymentIds);
    }

    /** Where the device is for this deployment (its row is made on the first report). */
    @Transactional
    public void report(long deploymentId, long deviceId, String deviceName, DeviceState state, String step,
            String message) {
        report(deploymentId, deviceId, deviceName, state, step, message, null);
    }

    /** As {@link #report(long, long, String, DeviceState, String, String)}, with the health check's verdict. */
    @Transactional
    public void report(long deploymentId, long deviceId, String deviceName, DeviceState state, String step,
            String message, String health) {
        row(deploymentId, deviceId, deviceName).update(state, step, message, health, deviceName,
                this.clock.instant());
    }

    /**
     * Where a pass left the device, and what it saw of its health for a rollout's soak time.
     *
     * @param healthy  where the deployment wants it and its health check (if any) passing
     * @param restarts the engine's restart count of its container, {@code null} when not read
     */
    @Transactional
    public void report(long deploymentId, long deviceId, String deviceName, DeviceState state, String step,
            String message, String health, boolean healthy, Integer restarts) {
        DeviceDeployment row = row(deploymentId, deviceId, deviceName);
        Instant now = this.clock.instant();
        row.update(state, step, message, health, deviceName, now);
        row.observe(healthy, restarts, now);
    }

    private DeviceDeployment row(long deploymentId, long deviceId, String deviceName) {
        return this.devices.findByDeploymentIdAndDeviceId(deploymentId, deviceId)
            .orElseGet(() -> this.devices.save(new DeviceDeployment(deploymentId, deviceId, deviceName,
                    this.clock.instant())));
    }

    /**
     * The device belongs to {@code winner} now: the rows of it of these other deployments of the application say so
     * (the caller leaves out a rollout that has not reached it yet, or gave it back: that one says so itself).
     */
    @Transactional
    public void supersede(Collection<Long> deploymentIds, long deviceId, long winner) {
        for (DeviceDeployment row : devices(deploymentIds)) {
            if (row.deviceId() == deviceId && row.deploymentId() != winner) {
                row.supersede(winner, this.clock.instant());
            }
        }
    }

}
