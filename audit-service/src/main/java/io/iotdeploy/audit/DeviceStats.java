package io.iotdeploy.audit;

import java.util.List;

/**
 * A device's load and facts. The totals are sums over the listed containers (as in the thesis), so they are
 * what the platform's containers use, not the device's whole load.
 *
 * @param device     the device's name
 * @param containers the caller's running and paused containers; paused ones count as zero
 * @param cpus       CPUs the engine reports
 * @param memoryTotal bytes of memory the engine reports
 */
record DeviceStats(String device, List<Container> containers, double cpuPercent, double memoryPercent,
        long memoryUsage, int cpus, long memoryTotal, String os, String kernel, String architecture,
        String dockerVersion, int containersRunning, int containersPaused, int containersStopped, int images) {

    record Container(String name, String state, double cpuPercent, double memoryPercent, long memoryUsage,
            long memoryLimit) {

        Container(String name, String state, ContainerStats stats) {
            this(name, state, stats.cpuPercent(), stats.memoryPercent(), stats.memoryUsage(), stats.memoryLimit());
        }

    }

}
