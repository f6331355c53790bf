package io.iotdeploy.audit;

import java.util.List;

import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * CPU and memory of one container, computed as {@code docker stats} does (docker/cli
 * {@code cli/command/container/stats_helpers.go}).
 *
 * @param cpuPercent    share of one CPU times 100, so a container busy on two CPUs shows 200
 * @param memoryPercent {@code memoryUsage} of {@code memoryLimit}
 * @param memoryUsage   bytes in use, without the page cache the kernel can drop (inactive files)
 * @param memoryLimit   the container's limit, or the device's memory when it has none
 */
record ContainerStats(@Schema(description = CPU_PERCENT) double cpuPercent,
        @Schema(description = "memoryUsage of memoryLimit, in percent") double memoryPercent,
        @Schema(description = MEMORY_USAGE) long memoryUsage,
        @Schema(description = "bytes: the container's limit, or the device's memory when it has none")
        long memoryLimit) {

    static final String CPU_PERCENT = "percent of one CPU: a container busy on two CPUs shows 200";

    static final String MEMORY_USAGE = "bytes in use, without the page cache the kernel can drop";

    /** What a paused or stopped container uses in this view: it is not running, so nothing. */
    static final ContainerStats ZERO = new ContainerStats(0, 0, 0, 0);

    static ContainerStats of(Statistics sample) {
        long usage = memoryUsage(sample.getMemoryStats());
        long limit = (sample.getMemoryStats() != null && sample.getMemoryStats().getLimit() != null)
                ? sample.getMemoryStats().getLimit() : 0;
        double memoryPercent = (limit > 0) ? usage * 100.0 / limit : 0;
        return new ContainerStats(cpuPercent(sample.getCpuStats(), sample.getPreCpuStats()), memoryPercent, usage,
                limit);
    }

    /** The CPU time the container used between the engine's two samples, of the time all CPUs had. */
    private static double cpuPercent(CpuStatsConfig now, CpuStatsConfig before) {
        if (now == null || before == null || now.getCpuUsage() == null || before.getCpuUsage() == null
                || now.getCpuUsage().getTotalUsage() == null || before.getCpuUsage().getTotalUsage() == null
                || now.getSystemCpuUsage() == null || before.getSystemCpuUsage() == null) {
            return 0;
        }
        double cpuDelta = now.getCpuUsage().getTotalUsage() - before.getCpuUsage().getTotalUsage();
        double systemDelta = now.getSystemCpuUsage() - before.getSystemCpuUsage();
        if (cpuDelta <= 0 || systemDelta <= 0) {
            return 0;
        }
        return cpuDelta / systemDelta * onlineCpus(now) * 100.0;
    }

    private static long onlineCpus(CpuStatsConfig cpu) {
        if (cpu.getOnlineCpus() != null && cpu.getOnlineCpus() > 0) {
            return cpu.getOnlineCpus();
        }
        List<Long> perCpu = cpu.getCpuUsage().getPercpuUsage();
        return (perCpu != null) ? perCpu.size() : 0;
    }

    /** Usage without inactive file pages: cgroup v1 reports them as total_inactive_file, v2 as inactive_file. */
    private static long memoryUsage(MemoryStatsConfig memory) {
        if (memory == null || memory.getUsage() == null) {
            return 0;
        }
        long usage = memory.getUsage();
        StatsConfig stats = memory.getStats();
        if (stats != null) {
            if (stats.getTotalInactiveFile() != null && stats.getTotalInactiveFile() < usage) {
                return usage - stats.getTotalInactiveFile();
            }
            if (stats.getInactiveFile() != null && stats.getInactiveFile() < usage) {
                return usage - stats.getInactiveFile();
            }
        }
        return usage;
    }

}
