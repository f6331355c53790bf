package io.iotdeploy.web.deploy;

import java.util.List;

import io.iotdeploy.policy.ContainerSettings;

/**
 * A checked deploy form: what goes to the builder and to deployment-service.
 *
 * @param container what the container may have of the device (network mode, devices, host paths, …): well-formed,
 *                  but still to be judged by the administrator's policy
 */
record DeploySettings(String containerName, String baseImage, ContainerSettings container, String runCommands,
        List<String> ports, List<String> env, boolean start, boolean replace) {
}
