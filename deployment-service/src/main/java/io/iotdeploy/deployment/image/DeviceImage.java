package io.iotdeploy.deployment.image;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.github.dockerjava.api.model.Image;

/** An image on a device. */
record DeviceImage(String id, List<String> tags, long size, Instant created) {

    static DeviceImage of(Image image) {
        List<String> tags = (image.getRepoTags() != null)
                ? Arrays.stream(image.getRepoTags()).filter((tag) -> !tag.equals("<none>:<none>")).toList() : List.of();
        return new DeviceImage(image.getId(), tags, (image.getSize() != null) ? image.getSize() : 0,
                (image.getCreated() != null) ? Instant.ofEpochSecond(image.getCreated()) : null);
    }

}
