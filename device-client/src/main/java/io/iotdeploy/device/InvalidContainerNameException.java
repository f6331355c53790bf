package io.iotdeploy.device;

/** A container name that no container can have ({@link ContainerNames}): 400, before any device is asked. */
public class InvalidContainerNameException extends RuntimeException {

    private final String name;

    public InvalidContainerNameException(String name) {
        super(ContainerNames.mistake(name) + ".");
        this.name = name;
    }

    public String name() {
        return this.name;
    }

    /** A hostile name may be long: the problem detail quotes its beginning only. */
    static String abbreviated(String name) {
        if (name == null) {
            return "";
        }
        return (name.length() <= 64) ? name : name.substring(0, 64) + "…";
    }

}
