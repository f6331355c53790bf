package io.iotdeploy.device;

/** No such container on the device, or it is another user's: either way 404, so it leaks nothing. */
public class ContainerNotFoundException extends RuntimeException {

    private final Device device;

    private final String container;

    public ContainerNotFoundException(Device device, String container) {
        super("No container '" + container + "' on device " + device.label() + ".");
        this.device = device;
        this.container = container;
    }

    public Device device() {
        return this.device;
    }

    public String container() {
        return this.container;
    }

}
