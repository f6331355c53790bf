package io.iotdeploy.machine.device;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import io.iotdeploy.device.AddressRefusedException;
import io.iotdeploy.device.DeviceAddressRules;
import io.iotdeploy.device.DockerEngines;
import io.iotdeploy.device.EngineConnection;
import io.iotdeploy.device.EngineTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Pings a device's Docker Engine ({@code GET /info} with the control timeouts, or the heartbeat's {@code GET /_ping}
 * with its own): with TLS and the platform's client certificate, unless the device is marked insecure. Never throws
 * for the device's sake: an engine that cannot be reached (or refuses the TLS handshake, or presents a certificate
 * of another CA) is {@code offline}, one that answers but not as a Docker Engine is {@code unknown}; registering or
 * listing devices must work while a device is down. It does throw before connecting when the address is refused
 * ({@link DeviceAddressRules}) and when the platform's own client certificate is missing.
 */
@Component
class DeviceEngineClient {

    private static final Logger logger = LoggerFactory.getLogger(DeviceEngineClient.class);

    private final EngineTls tls;

    private final DeviceAddressRules addressRules;

    DeviceEngineClient(EngineTls tls, DeviceAddressRules addressRules) {
        this.tls = tls;
        this.addressRules = addressRules;
    }

    /**
     * Asks the engine for its facts ({@code GET /info}) with the control connection's timeouts.
     * @throws AddressRefusedException when the address (or what a name resolves to now) is refused; the engine is
     *                                 not contacted
     * @throws PlatformPkiException    when a TLS device is to be pinged and the platform's client certificate is
     *                                 missing
     */
    EnginePing ping(String address, int port, boolean insecure, String owner) {
        String dockerHost = DeviceAddress.dockerHost(address, port);
        EnginePing ping = ask(address, port, insecure, owner, (tls) -> EngineConnection.control(dockerHost, tls),
                true);
        if (ping.state() != DeviceState.ONLINE) {
            logger.info("engine {} ({}) is {}: {}", dockerHost, insecure ? "plain TCP" : "TLS", ping.state().value(),
                    ping.reason());
        }
        return ping;
    }

    /**
     * The heartbeat's ping: {@code GET /_ping}, the lightest call an engine answers, or with {@code facts}
     * {@code GET /info}; both connect and answer within {@code timeout} each. Failures are for the caller to
     * report (it knows the device): they are logged at debug level only.
     * @throws AddressRefusedException as {@link #ping}
     * @throws PlatformPkiException    as {@link #ping}
     */
    EnginePing heartbeat(String address, int port, boolean insecure, String owner, boolean facts, Duration timeout) {
        String dockerHost = DeviceAddress.dockerHost(address, port);
        EnginePing ping = ask(address, port, insecure, owner,
                (tls) -> new EngineConnection(dockerHost, timeout, timeout, tls), facts);
        if (ping.state() != DeviceState.ONLINE) {
            logger.debug("engine {} ({}) is {}: {}", dockerHost, insecure ? "plain TCP" : "TLS", ping.state().value(),
                    ping.reason());
        }
        return ping;
    }

    /** Never throws for the device's sake: what went wrong is the answer's state and reason. */
    private EnginePing ask(String address, int port, boolean insecure, String owner,
            Function<EngineTls, EngineConnection> connection, boolean facts) {
        this.addressRules.check(address, port);
        EngineConnection engine = connection.apply(insecure ? null : clientCertificate().forOwner(owner));
        DockerClient docker = null;
        try {
            docker = DockerEngines.connect(engine);
            if (!facts) {
                docker.pingCmd().exec();
                return EnginePing.alive();
            }
            Info info = docker.infoCmd().exec();
            return EnginePing.online(new EngineFacts(info.getName(), info.getArchitecture(),
                    info.getOperatingSystem(), info.getKernelVersion(), info.getServerVersion(), info.getNCPU(),
                    info.getMemTotal(), info.getContainers(), info.getImages()));
        }
        catch (RuntimeException ex) {
            DeviceState state = DockerEngines.isUnreachable(ex) ? DeviceState.OFFLINE : DeviceState.UNKNOWN;
            return EnginePing.failed(state, rootMessage(ex));
        }
        finally {
            close(docker);
        }
    }

    /** Checks the address only: {@link #ping} does this too, right before it connects. */
    void checkAddress(String address, int port) {
        this.addressRules.check(address, port);
    }

    /** The platform's client certificate, loaded now: a missing one is the platform's problem, not the device's. */
    private EngineTls clientCertificate() {
        try {
            this.tls.getSSLContext();
            return this.tls;
        }
        catch (IllegalStateException ex) {
            throw new PlatformPkiException(ex.getMessage(), ex);
        }
    }

    private static void close(DockerClient docker) {
        if (docker == null) {
            return;
        }
        try {
            docker.close();
        }
        catch (IOException ex) {
            // the answer is already in hand; a connection that does not close cleanly changes nothing
            logger.debug("closing the engine client failed", ex);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
    }

}
