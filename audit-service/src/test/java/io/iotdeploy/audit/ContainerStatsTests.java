package io.iotdeploy.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Statistics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The docker CLI's formula, on stats answers shaped as the Engine API sends them. */
class ContainerStatsTests {

    private static final ObjectMapper json = new ObjectMapper();

    @Test
    void cgroupV1LeavesOutTotalInactiveFile() throws Exception {
        ContainerStats stats = ContainerStats.of(sample("""
                "memory_stats": {"usage": 300000000, "limit": 1000000000,
                  "stats": {"total_inactive_file": 100000000, "inactive_file": 90000000, "cache": 120000000}},
                "cpu_stats": {"cpu_usage": {"total_usage": 2000000000, "percpu_usage": [1, 1, 1, 1]},
                  "system_cpu_usage": 20000000000, "online_cpus": 4},
                "precpu_stats": {"cpu_usage": {"total_usage": 1500000000}, "system_cpu_usage": 16000000000}
                """));
        assertThat(stats.cpuPercent()).isCloseTo(50.0, within(1e-9));
        assertThat(stats.memoryUsage()).isEqualTo(200_000_000);
        assertThat(stats.memoryLimit()).isEqualTo(1_000_000_000);
        assertThat(stats.memoryPercent()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void cgroupV2LeavesOutInactiveFile() throws Exception {
        ContainerStats stats = ContainerStats.of(sample("""
                "memory_stats": {"usage": 300000000, "limit": 1000000000, "stats": {"inactive_file": 50000000}},
                "cpu_stats": {"cpu_usage": {"total_usage": 2000000000}, "system_cpu_usage": 20000000000,
                  "online_cpus": 2},
                "precpu_stats": {"cpu_usage": {"total_usage": 1000000000}, "system_cpu_usage": 16000000000}
                """));
        assertThat(stats.cpuPercent()).isCloseTo(50.0, within(1e-9));
        assertThat(stats.memoryUsage()).isEqualTo(250_000_000);
        assertThat(stats.memoryPercent()).isCloseTo(25.0, within(1e-9));
    }

    @Test
    void withoutOnlineCpusThePerCpuListCounts() throws Exception {
        ContainerStats stats = ContainerStats.of(sample("""
                "memory_stats": {"usage": 1000, "limit": 4000},
                "cpu_stats": {"cpu_usage": {"total_usage": 400, "percpu_usage": [100, 300]},
                  "system_cpu_usage": 2000},
                "precpu_stats": {"cpu_usage": {"total_usage": 200}, "system_cpu_usage": 1000}
                """));
        assertThat(stats.cpuPercent()).isCloseTo(40.0, within(1e-9));
        assertThat(stats.memoryUsage()).isEqualTo(1000);
        assertThat(stats.memoryPercent()).isCloseTo(25.0, within(1e-9));
    }

    @Test
    void aContainerThatJustStoppedIsAllZero() throws Exception {
        // what the engine answers for a container that is not running: no usage, no previous sample
        ContainerStats stats = ContainerStats.of(sample("""
                "read": "0001-01-01T00:00:00Z", "memory_stats": {}, "cpu_stats": {"cpu_usage": {"total_usage": 0},
                  "throttling_data": {}}, "precpu_stats": {"cpu_usage": {"total_usage": 0}, "throttling_data": {}}
                """));
        assertThat(stats).isEqualTo(ContainerStats.ZERO);
    }

    private static Statistics sample(String fields) throws Exception {
        return json.readValue("{" + fields + "}", Statistics.class);
    }

}
