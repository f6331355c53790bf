package io.iotdeploy.deployment.image;

import java.time.Instant;
import java.util.List;

import com.github.dockerjava.api.model.Image;

import io.swagger.v3.oas.annotations.media.Schema;

/** An image on a device. */
record DeviceImage(@Schema(description = "sha256:<hex>") String id,
        @Schema(description = "only the user's tags") List<String> tags,
        @Schema(description = "in bytes") long size, Instant created) {

    /** With only the tags the caller may see ({@link ImageOwnership#visibleTags}). */
    static DeviceImage of(Image image, List<String> tags) {
        return new DeviceImage(image.getId(), tags, (image.getSize() != null) ? image.getSize() : 0,
                (image.getCreated() != null) ? Instant.ofEpochSecond(image.getCreated()) : null);
    }

}
