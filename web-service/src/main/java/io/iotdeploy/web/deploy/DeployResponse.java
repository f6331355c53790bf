package io.iotdeploy.web.deploy;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer of a deployment: where it went, the image, the container, and how long each step took.
 *
 * @param built        whether the image was built (false: an unchanged upload was found in the registry)
 * @param pushed       whether anything was pushed to the registry
 * @param layersPushed how many layers were pushed
 * @param kept         whether the device ran this release already: its container was kept (nothing pulled, removed
 *                     or re-created)
 * @param release      the release the upload is (made by it, or the existing one of the same artifact and settings)
 * @param deployment   the device's desired state now: that release, with the device's state
 */
record DeployResponse(DeviceSummary device, String image, Map<String, Object> container, Boolean built,
        Boolean pushed, Integer layersPushed, boolean kept, Steps steps, long totalMillis, FleetDeployResponse.Release release,
        Map<String, Object> deployment) {

    record DeviceSummary(Object id, String name, String address, String platform) {

        static DeviceSummary of(Device device) {
            return new DeviceSummary(device.id(), device.name(), device.address(), device.platform());
        }

    }

    /**
     * @param uploadMillis passing the application to the builder: the builder call less its build and push
     */
    record Steps(long uploadMillis, Long buildMillis, Long pushMillis, Long pullMillis, Long createMillis,
            Long startMillis) {
    }

    /** containerization-service's answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ImageBuild(String image, String platformImage, String digest, String platform, Boolean built, Boolean pushed,
            Integer layersPushed, Long buildMillis, Long pushMillis) {
    }

    /** deployment-service's answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Deployment(Map<String, Object> container, String image, Long pullMillis, Long createMillis,
            Long startMillis, Boolean kept) {
    }

}
