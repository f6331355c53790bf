package io.iotdeploy.deployment.image;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.iotdeploy.deployment.system.ContainerActions;
import io.iotdeploy.deployment.system.DeviceCalls;
import io.iotdeploy.device.Device;
import io.iotdeploy.token.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/** The images on one of the caller's devices. */
@Service
class ImageService {

    /** An image id, full or short; a name would let the path reach images by reference instead. */
    private static final Pattern IMAGE_ID = Pattern.compile("(sha256:)?[a-f0-9]{12,64}");

    private final DeviceCalls calls;

    private final ContainerActions actions;

    ImageService(DeviceCalls calls, ContainerActions actions) {
        this.calls = calls;
        this.actions = actions;
    }

    List<DeviceImage> list(long deviceId) {
        Device device = this.calls.device(deviceId);
        return this.calls.control(device, "list images", Map.of(), (docker) -> docker.listImagesCmd()
            .exec()
            .stream()
            .map(DeviceImage::of)
            .sorted(Comparator.comparing(DeviceImage::created, Comparator.nullsLast(Comparator.reverseOrder())))
            .toList());
    }

    /**
     * Removes the image with all its tags, unless a container still uses it: then 409 naming the containers.
     * The engine would refuse an image in use too, but only after untagging it when it has several tags.
     */
    void remove(CurrentUser user, long deviceId, String imageId) {
        if (!IMAGE_ID.matcher(imageId).matches()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "'" + imageId + "' is not an image id (sha256:<hex> or at least 12 hex digits).");
            problem.setTitle("Invalid image id");
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
        Device device = this.calls.device(deviceId);
        Map<String, String> subject = Map.of("image", imageId);
        this.calls.control(device, "remove image", subject, (docker) -> {
            InspectImageResponse image;
            try {
                image = docker.inspectImageCmd(imageId).exec();
            }
            catch (NotFoundException ex) {
                throw DeviceCalls.problem(HttpStatus.NOT_FOUND, "Unknown image",
                        "There is no image '" + imageId + "' on device " + device.label() + ".", device, subject);
            }
            List<String> users = docker.listContainersCmd()
                .withShowAll(true)
                .withAncestorFilter(List.of(image.getId()))
                .exec()
                .stream()
                .map(ImageService::nameOf)
                .sorted()
                .toList();
            if (!users.isEmpty()) {
                ErrorResponseException inUse = DeviceCalls.problem(HttpStatus.CONFLICT, "Image in use",
                        "Image " + imageId + " on device " + device.label() + " is used by the container(s) "
                                + String.join(", ", users) + "; remove them first.",
                        device, subject);
                inUse.getBody().setProperty("containers", users);
                throw inUse;
            }
            this.actions.onImage(user, device, image.getId(), "remove",
                    () -> docker.removeImageCmd(image.getId()).withForce(true).exec());
            return null;
        });
    }

    private static String nameOf(Container container) {
        return (container.getNames() != null && container.getNames().length > 0)
                ? container.getNames()[0].replaceFirst("^/", "") : container.getId();
    }

}
