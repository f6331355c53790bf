package io.iotdeploy.web.deploy;

import java.util.List;

/** A checked deploy form: what goes to the builder and to deployment-service. */
record DeploySettings(String containerName, String baseImage, String networkMode, String runCommands,
        List<String> ports, List<String> env, boolean start, boolean replace) {
}
