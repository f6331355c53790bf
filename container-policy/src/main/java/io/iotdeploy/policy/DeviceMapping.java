package io.iotdeploy.policy;

import java.util.regex.Pattern;

/**
 * A host device made available in the container, as {@code docker run --device} writes it:
 * {@code /dev/ttyUSB0}, {@code /dev/ttyUSB0:/dev/serial} or {@code /dev/i2c-1:/dev/i2c-1:rw}.
 *
 * @param hostPath      the device on the host, below {@code /dev/}
 * @param containerPath where the container sees it (by default where the host has it)
 * @param permissions   the cgroup permissions, some of {@code r}, {@code w}, {@code m} (by default {@code rwm})
 */
public record DeviceMapping(String hostPath, String containerPath, String permissions) {

    private static final Pattern PERMISSIONS = Pattern.compile("(?!.*(.).*\\1)[rwm]{1,3}");

    /** The mapping {@code value} describes, or {@code null} after adding to {@code errors} why it is none. */
    static DeviceMapping parse(String value, java.util.List<InvalidSetting> errors) {
        String[] parts = (value != null) ? value.strip().split(":", -1) : new String[] { "" };
        if (parts.length > 3) {
            errors.add(invalid(value, "must be HOST[:CONTAINER[:PERMISSIONS]]"));
            return null;
        }
        String host = parts[0];
        String container = (parts.length > 1) ? parts[1] : host;
        String permissions = (parts.length > 2) ? parts[2] : "rwm";
        String problem = AbsolutePaths.problem(host);
        if (problem != null) {
            errors.add(invalid(value, "its host path " + problem));
            return null;
        }
        if (!host.startsWith("/dev/")) {
            errors.add(invalid(value, "its host path is not a device below /dev/"));
            return null;
        }
        problem = AbsolutePaths.problem(container);
        if (problem != null || container.equals("/")) {
            errors.add(invalid(value, "its container path " + ((problem != null) ? problem : "is /")));
            return null;
        }
        if (!PERMISSIONS.matcher(permissions).matches()) {
            errors.add(invalid(value, "its permissions '" + permissions + "' are not some of r, w and m"));
            return null;
        }
        return new DeviceMapping(host, container, permissions);
    }

    private static InvalidSetting invalid(String value, String why) {
        return new InvalidSetting("devices", "devices: '" + value + "' " + why);
    }

    @Override
    public String toString() {
        return this.hostPath + ":" + this.containerPath + ":" + this.permissions;
    }

}
