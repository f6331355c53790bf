package io.iotdeploy.device;

/**
 * A device as the services that drive its Docker Engine need it, as machine-service describes it.
 *
 * @param platform {@code linux/amd64} or {@code linux/arm64}, from the architecture the engine reports
 */
public record Device(long id, String name, String address, int port, String dockerHost, String state,
        String architecture, String platform) {

    /** How the device is named in errors: its name and address. */
    public String label() {
        return this.name + " (" + this.address + ")";
    }

}
