package io.iotdeploy.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.command.BuildImageResultCallback;
import com.github.dockerjava.core.command.PushImageResultCallback;
import io.iotdeploy.device.testapp.TestApps;

/**
 * Real containers on a device of the test world: the hello server built on the build engine, pushed to the
 * private registry and pulled by the device, as the platform would deploy it; removed again on close.
 */
public final class TestContainers implements AutoCloseable {

    private final TestWorld world;

    private final TestWorld.Device device;

    private final DockerClient docker;

    private final List<String> containers = new ArrayList<>();

    private final List<String> images = new ArrayList<>();

    public TestContainers(TestWorld world, TestWorld.Device device) {
        this.world = world;
        this.device = device;
        this.docker = world.control(device);
    }

    /** Builds the hello server into an image, pushes it and has the device pull it. */
    public String helloImage(Path dir, String repositoryPath, String greeting) throws IOException, InterruptedException {
        Files.move(TestApps.helloServerJar(dir, greeting), dir.resolve("app.jar"));
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM %s/base/java:17
                ADD app.jar /app/app.jar
                ENTRYPOINT ["java", "-jar", "/app/app.jar"]
                """.formatted(this.world.upstreamRegistry()));
        String repository = this.world.privateRegistry() + "/" + repositoryPath;
        String tag = Long.toString(System.currentTimeMillis());
        String image = repository + ":" + tag;
        try (DockerClient build = this.world.buildEngineClient()) {
            // the build engine's local base tag may point at another platform's image: say which one
            build.buildImageCmd(dir.toFile()).withTags(Set.of(image)).withPlatform("linux/amd64").withPull(true)
                .exec(new BuildImageResultCallback()).awaitImageId(5, TimeUnit.MINUTES);
            try {
                if (!build.pushImageCmd(repository).withTag(tag)
                    .withAuthConfig(this.world.registryAuth("builder")).exec(new PushImageResultCallback())
                    .awaitCompletion(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("pushing " + image + " took longer than 5 minutes");
                }
            }
            finally {
                build.removeImageCmd(image).exec();
            }
        }
        this.images.add(image);
        try (DockerClient streaming = this.world.streaming(this.device)) {
            if (!streaming.pullImageCmd(repository).withTag(tag)
                .withAuthConfig(this.world.registryAuth("device")).exec(new PullImageResultCallback())
                .awaitCompletion(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("pulling " + image + " onto " + this.device.name() + " took longer than 5 minutes");
            }
        }
        return image;
    }

    /** Creates and starts a container labelled for {@code owner}; {@code command} replaces the entrypoint. */
    public String run(String image, String name, String owner, String... command) {
        CreateContainerCmd create = this.docker.createContainerCmd(image)
            .withName(name)
            .withLabels(Map.of("iotdeploy.managed", "true", "iotdeploy.owner", owner, "iotdeploy.image", image));
        if (command.length > 0) {
            create.withEntrypoint(command);
        }
        String id = create.exec().getId();
        this.containers.add(id);
        this.docker.startContainerCmd(id).exec();
        return id;
    }

    /** Waits until the container's output holds {@code text}. */
    public void awaitOutput(String container, String text, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        String output = "";
        while (System.nanoTime() < deadline) {
            StringBuilder collected = new StringBuilder();
            this.docker.logContainerCmd(container).withStdOut(true).withStdErr(true).withTailAll()
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        collected.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                })
                .awaitCompletion(10, TimeUnit.SECONDS);
            output = collected.toString();
            if (output.contains(text)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(container + " did not print '" + text + "' within " + patience + "; it printed: " + output);
    }

    public DockerClient docker() {
        return this.docker;
    }

    @Override
    public void close() throws IOException {
        RuntimeException failure = null;
        for (String container : this.containers) {
            try {
                this.docker.removeContainerCmd(container).withForce(true).exec();
            }
            catch (RuntimeException ex) {
                failure = (failure != null) ? failure : ex;
            }
        }
        for (String image : this.images) {
            try {
                this.docker.removeImageCmd(image).withForce(true).exec();
            }
            catch (RuntimeException ex) {
                failure = (failure != null) ? failure : ex;
            }
        }
        this.docker.close();
        if (failure != null) {
            throw failure;
        }
    }

}
