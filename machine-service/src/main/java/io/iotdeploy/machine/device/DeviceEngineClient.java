package io.iotdeploy.machine.device;

import java.io.IOException;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import io.iotdeploy.device.DockerEngines;
import io.iotdeploy.device.EngineConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Pings a device's Docker Engine ({@code GET /info}) with the control timeouts. Never throws for the device's
 * sake: an engine that cannot be reached is {@code offline}, one that answers but not as a Docker Engine is
 * {@code unknown}; registering or listing devices must work while a device is down.
 */
@Component
class DeviceEngineClient {

    private static final Logger logger = LoggerFactory.getLogger(DeviceEngineClient.class);

    EnginePing ping(String dockerHost) {
        DockerClient docker = null;
        try {
            docker = DockerEngines.connect(EngineConnection.control(dockerHost));
            Info info = docker.infoCmd().exec();
            return EnginePing.online(new EngineFacts(info.getName(), info.getArchitecture(),
                    info.getOperatingSystem(), info.getKernelVersion(), info.getServerVersion(), info.getNCPU(),
                    info.getMemTotal(), info.getContainers(), info.getImages()));
        }
        catch (RuntimeException ex) {
            DeviceState state = DockerEngines.isUnreachable(ex) ? DeviceState.OFFLINE : DeviceState.UNKNOWN;
            logger.info("engine {} is {}: {}", dockerHost, state.value(), rootMessage(ex));
            return EnginePing.failed(state);
        }
        finally {
            close(docker);
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
