package io.iotdeploy.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;

/**
 * The platform, used as a pipeline uses it: one {@code POST /upload} through the gateway, timed end to end,
 * with the per-step times the response reports. The container is created, not started (as in the thesis).
 */
final class PlatformPipeline {

    private static final Map<String, Object> ALL_AT_ONCE = Map.of("strategy", "all-at-once", "soakTime", "0s");

    private final TestGateway gateway;

    PlatformPipeline(TestGateway gateway) {
        this.gateway = gateway;
    }

    Measurement deploy(Scenario scenario, int repetition, Path jar, String application, String baseImage,
            TestWorld.Device device, long deviceId) throws IOException, InterruptedException {
        // the application's name is the container's and the image repository's (user/name)
        this.gateway.delete("/api/devices/" + deviceId + "/containers/" + application);
        Map<String, Object> form = TestGateway.form("ip", device.address(), "networkConfig", "host",
                "containerName", application, "imageName", baseImage, "start", "false");
        if (scenario.withRunCommands) {
            form.put("runCommands", String.join("\n", scenario.runCommands()));
        }
        form.put("file", jar);
        long start = System.nanoTime();
        TestGateway.Response response = this.gateway.upload("/upload", form);
        long overall = (System.nanoTime() - start) / 1_000_000;
        if (response.status() != 201) {
            throw new IOException("the platform's deploy of " + application + " (" + scenario.id() + ") failed: " + response);
        }
        JsonNode steps = response.json().get("steps");
        Map<Step, Long> millis = new EnumMap<>(Step.class);
        millis.put(Step.OVERALL, overall);
        millis.put(Step.CREATE_IMAGE, steps.path("buildMillis").asLong(-1));
        millis.put(Step.PUSH, steps.path("pushMillis").asLong(-1));
        millis.put(Step.PULL, steps.path("pullMillis").asLong(-1));
        millis.put(Step.CREATE_CONTAINER, steps.path("createMillis").asLong(-1));
        return new Measurement(scenario, Measurement.PLATFORM, repetition, millis);
    }

    /**
     * One upload to every device the tags select, through the fleet path: one release, one build, every device
     * pulls at once. Ends, like {@link #deploy}, at "container created" on every device ({@code start=false}: the
     * answer comes when the reconciler has created the container everywhere).
     *
     * @return the upload's milliseconds, end to end
     */
    long deployToTags(Path jar, String application, String baseImage, String tags)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        uploadToTags(jar, application, baseImage, tags);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** As {@link #deployToTags}; @return the release's number */
    int deployToTagsRelease(Path jar, String application, String baseImage, String tags)
            throws IOException, InterruptedException {
        return uploadToTags(jar, application, baseImage, tags).json().get("release").get("number").asInt();
    }

    /**
     * Deploys a stored release again (no upload) to the devices the tags select, and waits until every container is
     * created from it.
     *
     * @return the milliseconds from the call to the last device done
     */
    long rollBack(String application, int release, String tags) throws IOException, InterruptedException {
        long start = System.nanoTime();
        TestGateway.Response made = this.gateway.post("/api/applications/" + application + "/deployments",
                Map.of("release", release, "target", Map.of("selector", tags), "state", "stopped", "rollout",
                        ALL_AT_ONCE, "abort", true));
        if (made.status() != 201) {
            throw new IOException("the roll back of " + application + " to release " + release + " failed: " + made);
        }
        String location = "/api/applications/" + application + "/deployments/" + made.json().get("id").asLong();
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(5).toNanos();
        while (true) {
            JsonNode deployment = this.gateway.get(location).json();
            boolean done = true;
            for (JsonNode device : deployment.get("devices")) {
                String state = device.get("state").asString();
                if ("failed".equals(state)) {
                    throw new IOException("the roll back failed on " + device.get("device") + ": " + device);
                }
                done &= "stopped".equals(state);
            }
            if (done) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the roll back did not finish within 5 minutes: " + deployment);
            }
            Thread.sleep(20);
        }
    }

    private TestGateway.Response uploadToTags(Path jar, String application, String baseImage, String tags)
            throws IOException, InterruptedException {
        // the fleet figures are of every device at once; no soak, so that the answer comes with the last device
        Map<String, Object> form = TestGateway.form("tags", tags, "networkConfig", "host", "containerName", application,
                "imageName", baseImage, "start", "false", "strategy", "all-at-once", "soakTime", "0s", "file", jar);
        TestGateway.Response response = this.gateway.upload("/upload", form);
        if (response.status() != 201) {
            throw new IOException("the platform's fleet deploy of " + application + " to " + tags + " failed: "
                    + response);
        }
        return response;
    }

}
