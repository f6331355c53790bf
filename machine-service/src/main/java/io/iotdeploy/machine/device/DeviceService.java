package io.iotdeploy.machine.device;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

import io.iotdeploy.device.DeviceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * The caller's devices. Pings run outside any transaction: a device that takes the whole connect timeout to
 * fail must not hold a database connection meanwhile.
 */
@Service
class DeviceService {

    private static final Logger logger = LoggerFactory.getLogger(DeviceService.class);

    private static final Pattern NAME = Pattern.compile(DeviceRequest.NAME_PATTERN);

    private final DeviceRepository repository;

    private final DeviceEngineClient engines;

    private final ExecutorService pings;

    private final MachineProperties properties;

    DeviceService(DeviceRepository repository, DeviceEngineClient engines, ExecutorService devicePings,
            MachineProperties properties) {
        this.repository = repository;
        this.engines = engines;
        this.pings = devicePings;
        this.properties = properties;
    }

    /** Registers the device after asking its engine for its facts; an engine that does not answer is {@code offline}. */
    Device register(String owner, DeviceRequest request) {
        String address = DeviceAddress.normalize(request.address());
        int port = (request.port() != null) ? request.port() : this.properties.devices().defaultPort();
        // before the ping: a duplicate is refused at once, not after an offline device's timeout
        this.repository.findByEndpoint(owner, address, port).ifPresent((existing) -> {
            throw new DuplicateDeviceException(existing);
        });
        EnginePing ping = this.engines.ping(DeviceAddress.dockerHost(address, port));
        String name = (request.name() != null) ? request.name() : defaultName(ping, address);
        long id;
        try {
            id = this.repository.insert(owner, name, address, port, ping, now());
        }
        catch (DuplicateKeyException ex) {
            // the same device registered twice at once: the other request won
            throw new DuplicateDeviceException(this.repository.findByEndpoint(owner, address, port).orElseThrow(() -> ex));
        }
        logger.info("{} registered device {} ({}:{}, id {}), {}", owner, name, address, port, id, ping.state().value());
        return this.repository.findById(owner, id).orElseThrow(() -> new DeviceNotFoundException(id));
    }

    /** The stored states, or with {@code refresh} fresh ones: every device pinged, in parallel. */
    List<Device> list(String owner, String address, boolean refresh) {
        List<Device> devices = find(owner, address);
        if (!refresh || devices.isEmpty()) {
            return devices;
        }
        CompletableFuture<?>[] pinged = devices.stream()
            .map((device) -> CompletableFuture.runAsync(() -> record(owner, device), this.pings))
            .toArray(CompletableFuture[]::new);
        // each ping is bounded by the control connection's timeouts, so this wait is too
        CompletableFuture.allOf(pinged).join();
        return find(owner, address);
    }

    Device get(String owner, long id) {
        return this.repository.findById(owner, id).orElseThrow(() -> new DeviceNotFoundException(id));
    }

    Device ping(String owner, long id) {
        Device device = get(owner, id);
        record(owner, device);
        return get(owner, id);
    }

    void delete(String owner, long id) {
        if (!this.repository.delete(owner, id)) {
            throw new DeviceNotFoundException(id);
        }
        logger.info("{} deleted device {}", owner, id);
    }

    private List<Device> find(String owner, String address) {
        if (address == null || address.isBlank()) {
            return this.repository.findAll(owner);
        }
        return this.repository.findByAddress(owner, DeviceAddress.normalize(address));
    }

    private void record(String owner, Device device) {
        EnginePing ping = this.engines.ping(device.dockerHost());
        this.repository.update(owner, device.id(), ping, now());
    }

    /** As the engine calls itself ({@code docker info}'s Name) when that is a valid name, else the address. */
    private static String defaultName(EnginePing ping, String address) {
        String engineName = (ping.facts() != null) ? ping.facts().name() : null;
        return (engineName != null && NAME.matcher(engineName).matches()) ? engineName : address;
    }

    /** Milliseconds are all anyone reads of these times. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

}
