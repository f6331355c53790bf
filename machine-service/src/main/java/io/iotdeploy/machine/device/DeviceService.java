package io.iotdeploy.machine.device;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

import io.iotdeploy.device.AddressRefusedException;
import io.iotdeploy.device.DeviceAddressRefusedException;
import io.iotdeploy.device.DeviceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * The caller's devices, and the heartbeat's pings of every owner's ({@link DeviceHeartbeat}): every ping is recorded
 * here, and a transition between online and offline becomes a device event. Pings run outside any transaction: a
 * device that takes the whole connect timeout to fail must not hold a database connection meanwhile. A device's
 * address is checked against the address rules when it is registered (422) and again before every ping (403 for
 * {@code POST /devices/{id}/ping}; a refresh and the heartbeat leave a refused device's state as it was).
 */
@Service
class DeviceService {

    private static final Logger logger = LoggerFactory.getLogger(DeviceService.class);

    private static final Pattern NAME = Pattern.compile(DeviceRequest.NAME_PATTERN);

    private final DeviceRepository repository;

    private final DeviceEngineClient engines;

    private final ExecutorService pings;

    private final MachineProperties properties;

    private final PlatformCertificateAuthority authority;

    DeviceService(DeviceRepository repository, DeviceEngineClient engines, ExecutorService devicePings,
            MachineProperties properties, PlatformCertificateAuthority authority) {
        this.repository = repository;
        this.engines = engines;
        this.pings = devicePings;
        this.properties = properties;
        this.authority = authority;
    }

    /**
     * Registers the device after asking its engine for its facts; an engine that does not answer is {@code offline}.
     * @throws InvalidTagsException when a tag is malformed (nothing is stored, nothing contacted)
     * @throws AddressRefusedException when the address is refused (nothing is stored)
     */
    Device register(String owner, DeviceRequest request) {
        Map<String, String> tags = DeviceTags.of(request.tags());
        String address = DeviceAddress.normalize(request.address());
        boolean insecure = request.isInsecure();
        int port = (request.port() != null) ? request.port() : this.properties.devices().defaultPort(insecure);
        this.engines.checkAddress(address, port);
        // before the ping: a duplicate is refused at once, not after an offline device's timeout
        this.repository.findByEndpoint(owner, address, port).ifPresent((existing) -> {
            throw new DuplicateDeviceException(existing);
        });
        EnginePing ping = this.engines.ping(address, port, insecure, owner);
        String name = (request.name() != null) ? request.name() : defaultName(ping, address);
        long id;
        try {
            id = this.repository.insert(owner, name, address, port, insecure, tags, ping, now());
        }
        catch (DuplicateKeyException ex) {
            // the same device registered twice at once: the other request won
            throw new DuplicateDeviceException(this.repository.findByEndpoint(owner, address, port).orElseThrow(() -> ex));
        }
        logger.info("{} registered device {} ({}:{}{}, id {}), {}, tags {}", owner, name, address, port,
                insecure ? " INSECURE, plain TCP" : ", TLS", id, ping.state().value(), tags);
        return this.repository.findById(owner, id).orElseThrow(() -> new DeviceNotFoundException(id));
    }

    /**
     * The stored states, or with {@code refresh} fresh ones: every device pinged, in parallel.
     * @param address  only the devices at this address, if given
     * @param selector only the devices it selects, if given; parsed first, so a malformed one pings nothing
     */
    List<Device> list(String owner, String address, boolean refresh, String selector) {
        TagSelector selection = (selector != null) ? TagSelector.parse(selector) : null;
        List<Device> devices = find(owner, address, selection);
        if (!refresh || devices.isEmpty()) {
            return devices;
        }
        CompletableFuture<?>[] pinged = devices.stream()
            .map((device) -> CompletableFuture.runAsync(() -> recordUnlessRefused(owner, device), this.pings))
            .toArray(CompletableFuture[]::new);
        // each ping is bounded by the control connection's timeouts, so this wait is too
        try {
            CompletableFuture.allOf(pinged).join();
        }
        catch (CompletionException ex) {
            // the platform's own failure (no client certificate), as if the pings had run here
            if (ex.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw ex;
        }
        return find(owner, address, selection);
    }

    Device get(String owner, long id) {
        return this.repository.findById(owner, id).orElseThrow(() -> new DeviceNotFoundException(id));
    }

    /** @throws DeviceAddressRefusedException when the device's address is refused now: it is not contacted */
    Device ping(String owner, long id) {
        Device device = get(owner, id);
        try {
            record(owner, device);
        }
        catch (AddressRefusedException ex) {
            throw new DeviceAddressRefusedException(device.asEngineDevice(), "ping", ex);
        }
        return get(owner, id);
    }

    /**
     * Changes a device's name, port or insecure flag, then pings it the new way.
     * @throws AddressRefusedException when the device's address is refused on the new port (nothing changes)
     */
    Device change(String owner, long id, DeviceChange change) {
        Device device = get(owner, id);
        boolean insecure = (change.insecure() != null) ? change.insecure() : device.insecure();
        int port = device.port();
        if (change.port() != null) {
            port = change.port();
        }
        else if (insecure != device.insecure() && device.port() == this.properties.devices().defaultPort(device.insecure())) {
            // from 2375 to 2376 and back: the owner switches a device as Docker's defaults have it
            port = this.properties.devices().defaultPort(insecure);
        }
        String name = (change.name() != null) ? change.name() : device.name();
        if (port != device.port()) {
            this.engines.checkAddress(device.address(), port);
            this.repository.findByEndpoint(owner, device.address(), port).ifPresent((existing) -> {
                throw new DuplicateDeviceException(existing);
            });
        }
        try {
            if (!this.repository.updateSettings(owner, id, name, port, insecure)) {
                throw new DeviceNotFoundException(id);
            }
        }
        catch (DuplicateKeyException ex) {
            throw new DuplicateDeviceException(this.repository.findByEndpoint(owner, device.address(), port)
                .orElseThrow(() -> ex));
        }
        if (insecure != device.insecure()) {
            logger.info("{} marked device {} (id {}) {}", owner, name, id, insecure ? "INSECURE, plain TCP" : "TLS");
        }
        return ping(owner, id);
    }

    /**
     * Issues a new server certificate for the device's address and packs it with the CA, the dockerd settings and
     * install.sh. The key goes into the bundle only; the device remembers the certificate's serial and dates. An
     * earlier certificate stays valid until it expires.
     */
    TlsBundle tlsBundle(String owner, long id) {
        Device device = get(owner, id);
        IssuedCertificate issued = this.authority.issueServerCertificate(device.address(),
                DeviceAddress.isIpLiteral(device.address()), owner);
        if (!this.repository.recordCertificate(owner, id, issued.summary())) {
            throw new DeviceNotFoundException(id);
        }
        logger.info("{} got a TLS bundle for device {} (id {}): certificate serial {}, expires {}", owner,
                device.name(), id, issued.summary().serial(), issued.summary().expiresAt());
        int port = device.insecure() ? this.properties.devices().defaultPort() : device.port();
        return TlsBundle.of(get(owner, id), issued, port, this.properties.onboarding().registries());
    }

    /**
     * Replaces the device's tags; a change is a {@code tags} event, so that the reconciler resolves the groups and
     * deployments that select by tag again.
     * @throws InvalidTagsException when a tag is malformed (nothing changes)
     */
    Device replaceTags(String owner, long id, Map<String, String> tags) {
        Map<String, String> checked = DeviceTags.of(tags);
        this.repository.replaceTags(owner, id, checked, now()).ifPresent((event) -> logger.info(
                "{} tagged device {} with {} (device event {})", owner, id, checked, event.id()));
        return get(owner, id);
    }

    void delete(String owner, long id) {
        if (!this.repository.delete(owner, id)) {
            throw new DeviceNotFoundException(id);
        }
        logger.info("{} deleted device {}", owner, id);
    }

    private List<Device> find(String owner, String address, TagSelector selector) {
        List<Device> devices = (address == null || address.isBlank()) ? this.repository.findAll(owner)
                : this.repository.findByAddress(owner, DeviceAddress.normalize(address));
        if (selector == null) {
            return devices;
        }
        return devices.stream().filter((device) -> selector.matches(device.tags())).toList();
    }

    private void record(String owner, Device device) {
        record(device, this.engines.ping(device.address(), device.port(), device.insecure(), owner));
    }

    /**
     * The heartbeat's ping of a device of any owner ({@link DeviceHeartbeat}), not recorded yet: the light
     * {@code _ping} while the device is online with known facts, else {@code /info}, which asks whether it is there
     * as well: a device that comes (back) online may have a new Docker, or be another machine at that address.
     * @throws AddressRefusedException when the device's address is refused now: it is not contacted
     */
    EnginePing heartbeat(Device device) {
        boolean facts = !DeviceState.ONLINE.value().equals(device.state()) || device.architecture() == null;
        return this.engines.heartbeat(device.address(), device.port(), device.insecure(), device.owner(), facts,
                this.properties.heartbeat().timeout());
    }

    /** Records a ping of the device; a transition between online and offline is a device event, and logged. */
    void record(Device device, EnginePing ping) {
        this.repository.update(device.owner(), device.id(), ping, now()).ifPresent((event) -> {
            if (DeviceEvent.ONLINE.equals(event.kind())) {
                logger.info("device {} (id {}) of {} at {} is online (device event {})", device.name(), device.id(),
                        device.owner(), device.dockerHost(), event.id());
            }
            else {
                logger.info("device {} (id {}) of {} at {} went {} (device event {}), step ping: {}", device.name(),
                        device.id(), device.owner(), device.dockerHost(), ping.state().value(), event.id(),
                        ping.reason());
            }
        });
    }

    /** A refresh pings every device; one whose address is refused keeps its state, and the log says why. */
    private void recordUnlessRefused(String owner, Device device) {
        try {
            record(owner, device);
        }
        catch (AddressRefusedException ex) {
            logger.warn("device {} (id {}) of {} not pinged: {}", device.name(), device.id(), owner, ex.getMessage());
        }
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
