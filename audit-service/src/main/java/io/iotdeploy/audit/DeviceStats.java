package io.iotdeploy.audit;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A device's load and facts. The totals are sums over the listed containers (as in the thesis), so they are
 * what the platform's containers use, not the device's whole load.
 *
 * @param device     the device's name
 * @param containers the caller's running and paused containers; paused ones count as zero
 * @param cpus       CPUs the engine reports
 * @param memoryTotal bytes of memory the engine reports
 */
@Schema(description = "The totals are sums over the user's containers listed; the counts are the engine's, of every "
        + "container and image on the device")
record DeviceStats(@Schema(description = "the device's name") String device,
        @Schema(description = "the user's running and paused containers; paused ones count as zero")
        List<Container> containers,
        @Schema(description = "the containers' cpuPercent added up") double cpuPercent,
        @Schema(description = "the containers' memoryPercent added up") double memoryPercent,
        @Schema(description = "the containers' memoryUsage added up, in bytes") long memoryUsage, int cpus,
        @Schema(description = "bytes") long memoryTotal, String os, String kernel, String architecture,
        String dockerVersion, int containersRunning, int containersPaused, int containersStopped, int images) {

    /** Its schema is named apart from deployment-service's {@code Container}: both are in the gateway's document. */
    @Schema(name = "ContainerLoad")
    record Container(String name, @Schema(description = "running or paused") String state, double cpuPercent,
            double memoryPercent, long memoryUsage, long memoryLimit) {

        Container(String name, String state, ContainerStats stats) {
            this(name, state, stats.cpuPercent(), stats.memoryPercent(), stats.memoryUsage(), stats.memoryLimit());
        }

    }

}
