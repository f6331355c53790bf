package io.iotdeploy.deployment.image;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.github.dockerjava.api.model.Image;
import io.iotdeploy.deployment.container.Container;
import io.iotdeploy.deployment.system.ContainerActions;
import io.iotdeploy.deployment.system.DeploymentServiceProperties;
import io.iotdeploy.deployment.system.DeviceCalls;
import io.iotdeploy.device.ContainerLabels;
import io.iotdeploy.device.Device;
import io.iotdeploy.token.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/** The images on one of the caller's devices, as far as they are the caller's ({@link ImageOwnership}). */
@Service
class ImageService {

    /** An image id, full or short; a name would let the path reach images by reference instead. */
    private static final Pattern IMAGE_ID = Pattern.compile("(sha256:)?[a-f0-9]{12,64}");

    private final DeviceCalls calls;

    private final ContainerActions actions;

    private final ImageOwnership ownership;

    ImageService(DeviceCalls calls, ContainerActions actions, DeploymentServiceProperties properties) {
        this.calls = calls;
        this.actions = actions;
        this.ownership = new ImageOwnership(properties.privateRegistry());
    }

    List<DeviceImage> list(CurrentUser user, long deviceId) {
        Device device = this.calls.device(deviceId);
        return this.calls.control(device, "list images", Map.of(), (docker) -> docker.listImagesCmd()
            .exec()
            .stream()
            .filter((image) -> this.ownership.isVisibleTo(image, user.name()))
            .map((image) -> DeviceImage.of(image, this.ownership.visibleTags(image, user.name())))
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
            Image image = docker.listImagesCmd()
                .exec()
                .stream()
                .filter((candidate) -> sameImage(candidate.getId(), imageId))
                .filter((candidate) -> this.ownership.isVisibleTo(candidate, user.name()))
                .findFirst()
                .orElseThrow(() -> DeviceCalls.problem(HttpStatus.NOT_FOUND, "Unknown image",
                        "There is no image '" + imageId + "' on device " + device.label() + ".", device, subject));
            List<String> own = this.ownership.ownReferences(image, user.name());
            if (this.ownership.owners(image).stream().anyMatch((owner) -> !owner.equals(user.name()))) {
                // other users deployed the same content: only the caller's names for it go
                this.actions.onImage(user, device, image.getId(), "untag",
                        () -> own.forEach((reference) -> docker.removeImageCmd(reference).withNoPrune(true).exec()));
                return null;
            }
            List<com.github.dockerjava.api.model.Container> using = docker.listContainersCmd()
                .withShowAll(true)
                .withAncestorFilter(List.of(image.getId()))
                .exec();
            if (!using.isEmpty()) {
                // another user's containers are counted, never named
                List<String> users = using.stream()
                    .filter((container) -> ContainerLabels.isVisibleTo(container.getLabels(), user))
                    .map(ImageService::nameOf)
                    .sorted()
                    .toList();
                int others = using.size() - users.size();
                String names = String.join(", ", users)
                        + ((others > 0) ? ((users.isEmpty() ? "" : " and ") + others + " of other users") : "");
                ErrorResponseException inUse = DeviceCalls.problem(HttpStatus.CONFLICT, "Image in use",
                        "Image " + imageId + " on device " + device.label() + " is used by the container(s) "
                                + names + "; remove them first.",
                        device, subject);
                inUse.getBody().setProperty("containers", users);
                throw inUse;
            }
            this.actions.onImage(user, device, image.getId(), "remove",
                    () -> docker.removeImageCmd(image.getId()).withForce(true).exec());
            return null;
        });
    }

    /** {@code sha256:<64 hex>} against a full or short id, with or without its {@code sha256:}. */
    private static boolean sameImage(String id, String requested) {
        String full = id.startsWith("sha256:") ? id.substring(7) : id;
        String wanted = requested.startsWith("sha256:") ? requested.substring(7) : requested;
        return full.startsWith(wanted);
    }

    private static String nameOf(com.github.dockerjava.api.model.Container container) {
        return (container.getNames() != null && container.getNames().length > 0)
                ? container.getNames()[0].replaceFirst("^/", "") : container.getId();
    }

}
