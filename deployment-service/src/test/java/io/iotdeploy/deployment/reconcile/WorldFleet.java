package io.iotdeploy.deployment.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.iotdeploy.deployment.WorldDevices;
import io.iotdeploy.deployment.desired.DeploymentTarget;
import io.iotdeploy.deployment.desired.FleetDirectory;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceDirectory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.RestClient;

/**
 * Stands in for machine-service's fleet answers (another module): the world's dev1 and dev2 as {@link WorldDevices}
 * has them, with tags and groups the test sets, and a state the test can set to offline; device 9 is an arm64 device
 * (its address answers nothing), for the platform checks. machine-service itself is tested in its module; the
 * whole chain through the gateway in system-tests.
 */
class WorldFleet extends FleetDirectory {

    static final long ARM = 9;

    private final DeviceDirectory devices;

    private final Map<Long, Set<String>> tags = new ConcurrentHashMap<>();

    private final Map<String, List<Long>> groups = new ConcurrentHashMap<>();

    private final Set<Long> offline = ConcurrentHashMap.newKeySet();

    WorldFleet(DeviceDirectory devices) {
        super(RestClient.create(), null);
        this.devices = devices;
    }

    void tag(long device, String... tags) {
        this.tags.put(device, Set.of(tags));
    }

    void group(String name, Long... members) {
        this.groups.put(name, List.of(members));
    }

    void offline(long device, boolean offline) {
        if (offline) {
            this.offline.add(device);
        }
        else {
            this.offline.remove(device);
        }
    }

    @Override
    public List<Device> resolve(String owner, DeploymentTarget target) {
        return switch (target.kind()) {
            case DEVICE -> List.of(device(target.deviceId()).orElseThrow(() -> notFound("device", target.value())));
            case GROUP -> {
                List<Long> members = this.groups.get(target.value());
                if (members == null) {
                    throw notFound("group", target.value());
                }
                yield members.stream().map(this::device).flatMap(Optional::stream).toList();
            }
            case SELECTOR -> {
                // the tests' selectors are one "key=value" term
                List<Device> selected = new ArrayList<>();
                for (long id : List.of(WorldDevices.DEV1, WorldDevices.DEV2, ARM)) {
                    if (this.tags.getOrDefault(id, Set.of()).contains(target.value())) {
                        device(id).ifPresent(selected::add);
                    }
                }
                yield selected;
            }
        };
    }

    @Override
    public Optional<Device> device(String owner, long id) {
        return device(id);
    }

    @Override
    public List<Event> events(long after) {
        return List.of();
    }

    private Optional<Device> device(long id) {
        if (id == ARM) {
            return Optional.of(new Device(ARM, "arm-pi", "10.77.0.249", 2376, "tcp://10.77.0.249:2376", "online",
                    "aarch64", "linux/arm64", false));
        }
        if (id != WorldDevices.DEV1 && id != WorldDevices.DEV2) {
            return Optional.empty();
        }
        Device found = this.devices.find(id);
        String state = this.offline.contains(id) ? "offline" : "online";
        return Optional.of(new Device(found.id(), found.name(), found.address(), found.port(), found.dockerHost(),
                state, found.architecture(), found.platform(), found.insecure(), found.owner()));
    }

    private static ErrorResponseException notFound(String kind, String name) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no " + kind + " " + name);
        problem.setTitle("Unknown " + kind);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

}
