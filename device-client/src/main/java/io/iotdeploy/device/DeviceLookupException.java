package io.iotdeploy.device;

/** machine-service, which knows the devices, did not answer, or answered with an error other than 404. */
public class DeviceLookupException extends RuntimeException {

    private final long deviceId;

    public DeviceLookupException(long deviceId, Throwable cause) {
        super("device " + deviceId + " could not be looked up in machine-service: " + cause.getMessage(), cause);
        this.deviceId = deviceId;
    }

    public long deviceId() {
        return this.deviceId;
    }

}
