package io.iotdeploy.machine.group;

/** A group's list names a device that is not the caller's (or none at all): 404, naming it; nothing is stored. */
class GroupDeviceNotFoundException extends RuntimeException {

    private final long deviceId;

    GroupDeviceNotFoundException(long deviceId) {
        super("devices: no device with id " + deviceId + " is registered for you.");
        this.deviceId = deviceId;
    }

    long deviceId() {
        return this.deviceId;
    }

}
