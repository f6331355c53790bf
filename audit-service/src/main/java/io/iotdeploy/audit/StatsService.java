package io.iotdeploy.audit;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Statistics;
import io.iotdeploy.device.ContainerLabels;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceEngines;
import io.iotdeploy.device.DeviceUnreachableException;
import io.iotdeploy.token.CurrentUser;

import org.springframework.stereotype.Service;

/** CPU and memory of containers on devices, from one-shot engine samples, and the devices' facts. */
@Service
class StatsService {

    private final DeviceEngines engines;

    private final AuditServiceProperties properties;

    StatsService(DeviceEngines engines, AuditServiceProperties properties) {
        this.engines = engines;
        this.properties = properties;
    }

    ContainerStats container(Device device, String name, CurrentUser user) {
        InspectContainerResponse container = this.engines.visibleContainer(device, name, user);
        InspectContainerResponse.ContainerState state = container.getState();
        if (state == null || !Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getPaused())) {
            return ContainerStats.ZERO;
        }
        ContainerStats stats = sample(device, List.of(container.getId())).get(container.getId());
        // removed between inspect and sample: it is not running any more
        return (stats != null) ? stats : ContainerStats.ZERO;
    }

    DeviceStats device(Device device, CurrentUser user) {
        record Listing(Info info, List<Container> containers) {
        }
        // without showAll the engine lists running and paused containers
        Listing listing = this.engines.control(device, "info",
                (docker) -> new Listing(docker.infoCmd().exec(), docker.listContainersCmd().exec()));
        List<Container> visible = listing.containers().stream()
            .filter((container) -> ContainerLabels.isVisibleTo(container.getLabels(), user))
            .toList();
        List<String> running = visible.stream()
            .filter((container) -> "running".equals(container.getState()))
            .map(Container::getId)
            .toList();
        Map<String, ContainerStats> samples = sample(device, running);

        List<DeviceStats.Container> containers = new ArrayList<>();
        double cpuPercent = 0;
        double memoryPercent = 0;
        long memoryUsage = 0;
        for (Container container : visible) {
            ContainerStats stats = samples.getOrDefault(container.getId(), ContainerStats.ZERO);
            containers.add(new DeviceStats.Container(name(container), container.getState(), stats));
            cpuPercent += stats.cpuPercent();
            memoryPercent += stats.memoryPercent();
            memoryUsage += stats.memoryUsage();
        }
        Info info = listing.info();
        return new DeviceStats(device.name(), containers, cpuPercent, memoryPercent, memoryUsage,
                orZero(info.getNCPU()), (info.getMemTotal() != null) ? info.getMemTotal() : 0,
                info.getOperatingSystem(), info.getKernelVersion(), info.getArchitecture(), info.getServerVersion(),
                orZero(info.getContainersRunning()), orZero(info.getContainersPaused()),
                orZero(info.getContainersStopped()), orZero(info.getImages()));
    }

    /**
     * One sample per container, {@code parallelism} at a time, each bounded by the stats timeout. A container
     * that is gone by the time it is sampled has no entry.
     */
    private Map<String, ContainerStats> sample(Device device, List<String> containerIds) {
        if (containerIds.isEmpty()) {
            return Map.of();
        }
        Duration timeout = this.properties.statsTimeout();
        return this.engines.streaming(device, "stats", (docker) -> {
            Map<String, ContainerStats> samples = new HashMap<>();
            for (int from = 0; from < containerIds.size(); from += this.properties.parallelism()) {
                Map<String, Sample> batch = new LinkedHashMap<>();
                for (String id : containerIds.subList(from,
                        Math.min(from + this.properties.parallelism(), containerIds.size()))) {
                    batch.put(id, docker.statsCmd(id).withNoStream(true).exec(new Sample()));
                }
                long deadline = System.nanoTime() + timeout.toNanos();
                batch.forEach((id, sample) -> {
                    try {
                        if (!sample.awaitCompletion(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                            throw new DeviceUnreachableException(device, "stats", new SocketTimeoutException(
                                    "no stats for container " + id + " within " + timeout.toSeconds() + " s"));
                        }
                    }
                    catch (NotFoundException ex) {
                        return;
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while sampling stats", ex);
                    }
                    if (sample.statistics != null) {
                        samples.put(id, ContainerStats.of(sample.statistics));
                    }
                });
            }
            return samples;
        });
    }

    private static String name(Container container) {
        String[] names = container.getNames();
        if (names == null || names.length == 0) {
            return container.getId();
        }
        return names[0].startsWith("/") ? names[0].substring(1) : names[0];
    }

    private static int orZero(Integer value) {
        return (value != null) ? value : 0;
    }

    /** One stats answer; with {@code stream=0} the engine sends one and ends the response. */
    private static final class Sample extends ResultCallback.Adapter<Statistics> {

        private volatile Statistics statistics;

        @Override
        public void onNext(Statistics statistics) {
            this.statistics = statistics;
        }

    }

}
