package io.iotdeploy.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.command.BuildImageResultCallback;
import com.github.dockerjava.core.command.PushImageResultCallback;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;

import static org.assertj.core.api.Assertions.assertThat;

/** The hello server as an image in the world's private registry, built on its build engine, for the tests. */
public final class WorldImages {

    private WorldImages() {
    }

    /**
     * Builds the hello server answering {@code greeting} for linux/amd64 and pushes it as the builder.
     *
     * @param repository below the private registry, {@code alice/deployment-it-hello}: an image on a device is the
     *                   user's whose repository path it is in
     * @return the pushed reference, {@code <registry>/<repository>:<tag>}
     */
    public static String buildAndPush(TestWorld world, Path dir, String greeting, String repository, String tag)
            throws IOException {
        Files.createDirectories(dir);
        Path jar = TestApps.helloServerJar(dir, greeting);
        Files.move(jar, dir.resolve("app.jar"));
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM %s/base/java:17
                ADD app.jar /app/app.jar
                ENTRYPOINT ["java", "-jar", "/app/app.jar"]
                """.formatted(world.upstreamRegistry()));
        String reference = world.privateRegistry() + "/" + repository;
        try (DockerClient build = world.buildEngineClient()) {
            // base/java:17 is multi-arch, and the build engine's local tag is whichever platform was pulled last
            // (containerization-service builds arm64 there too): pull the devices' platform explicitly
            build.buildImageCmd(dir.toFile()).withTags(Set.of(reference + ":" + tag))
                .withPlatform("linux/amd64").withPull(true)
                .exec(new BuildImageResultCallback()).awaitImageId(5, TimeUnit.MINUTES);
            try {
                assertThat(build.pushImageCmd(reference).withTag(tag)
                    .withAuthConfig(world.registryAuth("builder")).exec(new PushImageResultCallback())
                    .awaitCompletion(5, TimeUnit.MINUTES)).as("push finished in time").isTrue();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while pushing " + reference, ex);
            }
        }
        return reference + ":" + tag;
    }

    /** The registry's manifest digest of an image pushed from the build engine. */
    public static String digest(TestWorld world, String reference) throws IOException {
        String repository = reference.substring(0, reference.lastIndexOf(':'));
        try (DockerClient build = world.buildEngineClient()) {
            return build.inspectImageCmd(reference).exec().getRepoDigests().stream()
                .filter((digested) -> digested.startsWith(repository + "@"))
                .map((digested) -> digested.substring(digested.indexOf('@') + 1))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(reference + " has no digest in the registry"));
        }
    }

    public static void remove(DockerClient docker, String reference) {
        try {
            docker.removeImageCmd(reference).withForce(true).exec();
        }
        catch (NotFoundException alreadyGone) {
            // never pulled there, or removed by the test
        }
    }

}
