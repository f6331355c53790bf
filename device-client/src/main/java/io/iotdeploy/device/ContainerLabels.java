package io.iotdeploy.device;

import java.util.LinkedHashMap;
import java.util.Map;

import io.iotdeploy.token.CurrentUser;

/**
 * Every label IoT Deploy puts on what it creates on a device, and the one rule for who may see a container. The
 * labels are the truth on the device: services read them instead of keeping their own records of what runs where.
 * No other class spells an {@code iotdeploy.} label (a test in this module checks the sources).
 */
public final class ContainerLabels {

    /** What every label key starts with; a container with none of them was made by hand. */
    public static final String PREFIX = "iotdeploy.";

    /** {@code true} on every container the platform created. */
    public static final String MANAGED = PREFIX + "managed";

    /** The user the platform created the container (or built the image) for. */
    public static final String OWNER = PREFIX + "owner";

    /** The image reference the container was created from, as the platform pulled it. */
    public static final String IMAGE = PREFIX + "image";

    /** The application (its name, unique per owner); on images and on containers. */
    public static final String APPLICATION = PREFIX + "application";

    /** The application's release number the container runs. */
    public static final String RELEASE = PREFIX + "release";

    /** The deployment (desired state) the container belongs to. */
    public static final String DEPLOYMENT = PREFIX + "deployment";

    private ContainerLabels() {
    }

    /** The labels of a container the platform creates for {@code owner} from {@code image}. */
    public static Map<String, String> managed(String owner, String image) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED, "true");
        labels.put(OWNER, owner);
        labels.put(IMAGE, image);
        return labels;
    }

    /** The labels of an image the platform builds for {@code owner}'s {@code application}. */
    public static Map<String, String> image(String owner, String application) {
        return Map.of(OWNER, owner, APPLICATION, application);
    }

    /**
     * Whether {@code user} may see and act on a container with these labels, on a device that is theirs (the
     * device lookup checked that already):
     * <ul>
     * <li>one made by hand (no {@code iotdeploy.} label at all): yes, the device is theirs;</li>
     * <li>one the platform made for an owner: only that owner, administrators included;</li>
     * <li>one that carries {@code iotdeploy.} labels but no owner (made by an older platform, or labelled by
     * hand): nobody but an administrator, since nothing says whose it is.</li>
     * </ul>
     */
    public static boolean isVisibleTo(Map<String, String> labels, CurrentUser user) {
        if (labels == null || labels.keySet().stream().noneMatch((key) -> key.startsWith(PREFIX))) {
            return true;
        }
        String owner = labels.get(OWNER);
        if (owner != null) {
            return owner.equals(user.name());
        }
        return user.admin();
    }

    /** Whether the platform created the container (it may then replace or clean it up). */
    public static boolean isManaged(Map<String, String> labels) {
        return labels != null && "true".equals(labels.get(MANAGED));
    }

}
