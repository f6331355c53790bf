package io.iotdeploy.deployment.system;

import java.util.function.Supplier;

import io.iotdeploy.device.Device;
import io.iotdeploy.token.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The audit trail: every call that changes something on a device (pull, create, start, stop, pause, unpause,
 * restart, remove, remove image) goes through here, and only here is it recorded, with who, where, on what,
 * and how it ended. The log category {@code io.iotdeploy.audit} can be routed on its own.
 */
@Component
public class ContainerActions {

    private static final Logger audit = LoggerFactory.getLogger("io.iotdeploy.audit");

    public <T> T onContainer(CurrentUser user, Device device, String container, String action, Supplier<T> call) {
        return perform(user, device, "container", container, action, call);
    }

    public void onContainer(CurrentUser user, Device device, String container, String action, Runnable call) {
        perform(user, device, "container", container, action, () -> {
            call.run();
            return null;
        });
    }

    public void onImage(CurrentUser user, Device device, String image, String action, Runnable call) {
        perform(user, device, "image", image, action, () -> {
            call.run();
            return null;
        });
    }

    private static <T> T perform(CurrentUser user, Device device, String kind, String target, String action,
            Supplier<T> call) {
        long started = System.nanoTime();
        try {
            T result = call.get();
            audit.info("user={} device={} {}={} action={} result=ok ({} ms)", user.name(), device.label(), kind,
                    target, action, millisSince(started));
            return result;
        }
        catch (RuntimeException | Error ex) {
            audit.warn("user={} device={} {}={} action={} result=failed ({} ms): {}", user.name(), device.label(),
                    kind, target, action, millisSince(started), ex.toString());
            throw ex;
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

}
