package io.iotdeploy.policy;

import java.util.List;

/**
 * A host directory or file mounted into the container, as {@code docker run -v} writes it:
 * {@code /srv/sensor/data:/data} or {@code /srv/sensor/config:/config:ro}. Named volumes and mount options other
 * than {@code ro} and {@code rw} (propagation, SELinux relabelling) are not accepted.
 *
 * @param hostPath      an absolute, normalized path on the device
 * @param containerPath an absolute, normalized path in the container
 * @param readOnly      whether the container may only read it
 */
public record BindMount(String hostPath, String containerPath, boolean readOnly) {

    /** The mount {@code value} describes, or {@code null} after adding to {@code errors} why it is none. */
    static BindMount parse(String value, List<InvalidSetting> errors) {
        String[] parts = (value != null) ? value.strip().split(":", -1) : new String[] { "" };
        if (parts.length < 2 || parts.length > 3) {
            errors.add(invalid(value, "must be HOST_PATH:CONTAINER_PATH[:ro|rw]"));
            return null;
        }
        String problem = AbsolutePaths.problem(parts[0]);
        if (problem != null) {
            errors.add(invalid(value, "its host path " + problem + " (named volumes are not supported)"));
            return null;
        }
        problem = AbsolutePaths.problem(parts[1]);
        if (problem != null || parts[1].equals("/")) {
            errors.add(invalid(value, "its container path " + ((problem != null) ? problem : "is /")));
            return null;
        }
        if (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw")) {
            errors.add(invalid(value, "its option '" + parts[2] + "' is neither ro nor rw"));
            return null;
        }
        return new BindMount(parts[0], parts[1], parts.length == 3 && parts[2].equals("ro"));
    }

    private static InvalidSetting invalid(String value, String why) {
        return new InvalidSetting("binds", "binds: '" + value + "' " + why);
    }

    @Override
    public String toString() {
        return this.hostPath + ":" + this.containerPath + (this.readOnly ? ":ro" : ":rw");
    }

}
