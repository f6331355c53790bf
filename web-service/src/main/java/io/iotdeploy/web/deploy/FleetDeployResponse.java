package io.iotdeploy.web.deploy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer of an upload to a group or tags: the fields of a one-device deploy that still mean something for many
 * devices (the image, whether anything was built and pushed, the steps' milliseconds), the release the upload is,
 * one build per platform, and the deployment with each device's state.
 *
 * @param built      whether any platform was built (false: the release existed with every platform needed)
 * @param release    {@code {"number", "created"}}: created false when the same artifact and settings were a release
 *                   already
 * @param builds     one per platform built or found in this call
 * @param deployment deployment-service's deployment: id, target, per-device states
 * @param complete   whether every device the target selected is where the deployment wants it (else some are
 *                   pending or still working: poll {@code Location})
 */
record FleetDeployResponse(String image, Boolean built, Boolean pushed, Integer layersPushed,
        DeployResponse.Steps steps, long totalMillis, Release release, List<DeployResponse.ImageBuild> builds,
        Map<String, Object> deployment, boolean complete) {

    record Release(String application, int number, boolean created) {
    }

    /** deployment-service's release, as much as the flow needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredRelease(String application, int number, String image, List<PlatformImage> images) {

        boolean has(String platform) {
            return this.images != null && this.images.stream().anyMatch((image) -> platform.equals(image.platform()));
        }

    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PlatformImage(String platform, String image, String digest) {
    }

}
