package io.iotdeploy.deployment.image;

import java.time.Instant;
import java.util.List;

import com.github.dockerjava.api.model.Image;

/** An image on a device. */
record DeviceImage(String id, List<String> tags, long size, Instant created) {

    /** With only the tags the caller may see ({@link ImageOwnership#visibleTags}). */
    static DeviceImage of(Image image, List<String> tags) {
        return new DeviceImage(image.getId(), tags, (image.getSize() != null) ? image.getSize() : 0,
                (image.getCreated() != null) ? Instant.ofEpochSecond(image.getCreated()) : null);
    }

}
