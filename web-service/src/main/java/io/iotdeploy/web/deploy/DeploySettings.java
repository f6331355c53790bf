package io.iotdeploy.web.deploy;

import java.util.List;

import io.iotdeploy.policy.ContainerSettings;

/**
 * A checked deploy form: what goes to the builder and to deployment-service.
 *
 * @param container what the container may have of the device (network mode, devices, host paths, …): well-formed,
 *                  but still to be judged by the administrator's policy
 * @param health    the health check as the form had it (deployment-service checks and normalizes it)
 */
record DeploySettings(String containerName, String baseImage, ContainerSettings container, String runCommands,
        List<String> ports, List<String> env, boolean start, boolean replace, Health health) {

    /**
     * The health check's fields, each {@code null} when not sent.
     *
     * @param check {@code http:PORT/PATH}, {@code tcp:PORT} or {@code cmd:COMMAND}
     */
    record Health(String check, String interval, String timeout, String startPeriod, Integer retries) {

        static final Health NONE = new Health(null, null, null, null, null);

        /** The fields as deployment-service takes them, sent ones only. */
        java.util.Map<String, Object> fields() {
            java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
            put(fields, "healthCheck", this.check);
            put(fields, "healthInterval", this.interval);
            put(fields, "healthTimeout", this.timeout);
            put(fields, "healthStartPeriod", this.startPeriod);
            if (this.retries != null) {
                fields.put("healthRetries", this.retries);
            }
            return fields;
        }

        private static void put(java.util.Map<String, Object> fields, String name, String value) {
            if (value != null && !value.isBlank()) {
                fields.put(name, value.strip());
            }
        }

    }

}
