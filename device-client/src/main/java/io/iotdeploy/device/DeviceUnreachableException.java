package io.iotdeploy.device;

/** The device's Docker Engine did not answer: refused, no route, or timed out, during {@code step}. */
public class DeviceUnreachableException extends RuntimeException {

    private final Device device;

    private final String step;

    private final boolean timedOut;

    public DeviceUnreachableException(Device device, String step, Throwable cause) {
        super("device " + device.label() + " is unreachable during " + step + ": " + rootMessage(cause), cause);
        this.device = device;
        this.step = step;
        this.timedOut = isTimeout(cause);
    }

    public Device device() {
        return this.device;
    }

    public String step() {
        return this.step;
    }

    public boolean timedOut() {
        return this.timedOut;
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

}
