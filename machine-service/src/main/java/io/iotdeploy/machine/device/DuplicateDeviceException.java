package io.iotdeploy.machine.device;

/** The caller already has a device at this address and port. */
class DuplicateDeviceException extends RuntimeException {

    private final Device existing;

    DuplicateDeviceException(Device existing) {
        super("You already registered the device at " + existing.address() + ":" + existing.port() + " as "
                + existing.name() + " (id " + existing.id() + ").");
        this.existing = existing;
    }

    Device existing() {
        return this.existing;
    }

}
