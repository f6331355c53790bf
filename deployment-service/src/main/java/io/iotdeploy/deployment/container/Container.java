package io.iotdeploy.deployment.container;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.github.dockerjava.api.model.ContainerPort;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A container on a device as the API shows it.
 *
 * @param networkMode {@code bridge} or {@code host} (then {@code ports} is empty: the app uses the device's ports)
 * @param ports       the published ports
 */
public record Container(String id, String name, String image,
        @Schema(description = "the engine's: created, running, paused, restarting, exited, ...") String state,
        @Schema(description = "the engine's words, Up 3 minutes") String status, Instant created,
        @Schema(description = "bridge or host (then ports is empty: the app uses the device's ports)")
        String networkMode,
        @Schema(description = "the published ports") List<Port> ports,
        @Schema(description = "the container's labels, iotdeploy.owner, iotdeploy.application, ...")
        Map<String, String> labels) {

    record Port(int hostPort, int containerPort, @Schema(description = "tcp or udp") String protocol) {
    }

    static Container of(com.github.dockerjava.api.model.Container engine) {
        String networkMode = (engine.getHostConfig() != null) ? engine.getHostConfig().getNetworkMode() : null;
        return new Container(engine.getId(), nameOf(engine), engine.getImage(), engine.getState(), engine.getStatus(),
                (engine.getCreated() != null) ? Instant.ofEpochSecond(engine.getCreated()) : null, networkMode,
                published(engine.getPorts()), (engine.getLabels() != null) ? engine.getLabels() : Map.of());
    }

    /** Whether the container is called {@code name}; the engine lists names with a leading slash. */
    static boolean isNamed(com.github.dockerjava.api.model.Container engine, String name) {
        return engine.getNames() != null && Arrays.asList(engine.getNames()).contains("/" + name);
    }

    private static String nameOf(com.github.dockerjava.api.model.Container engine) {
        if (engine.getNames() == null || engine.getNames().length == 0) {
            return engine.getId();
        }
        String name = engine.getNames()[0];
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** The engine lists a published port once per address family (0.0.0.0 and ::); the API shows it once. */
    private static List<Port> published(ContainerPort[] ports) {
        if (ports == null) {
            return List.of();
        }
        return Arrays.stream(ports)
            .filter((port) -> port.getPublicPort() != null && port.getPrivatePort() != null)
            .map((port) -> new Port(port.getPublicPort(), port.getPrivatePort(), Objects.requireNonNullElse(port.getType(), "tcp")))
            .distinct()
            .sorted(Comparator.comparingInt(Port::hostPort).thenComparing(Port::protocol))
            .toList();
    }

}
