package io.iotdeploy.device;

/** The device does not exist or is not the caller's: either way the answer is 404, so it leaks nothing. */
public class DeviceNotFoundException extends RuntimeException {

    private final long deviceId;

    public DeviceNotFoundException(long deviceId) {
        super("device " + deviceId + " not found");
        this.deviceId = deviceId;
    }

    public long deviceId() {
        return this.deviceId;
    }

}
