package io.iotdeploy.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PruneType;
import io.iotdeploy.device.TestWorld;

/**
 * Puts the platform and the baseline in the same cache state before a scenario-1 run: the device holds none of
 * the benchmark's images (so none of the base layers), the build host has neither the base images nor build
 * cache, the platform's jib cache is empty. The registry has not seen the base either: every scenario-1 run
 * uses a repository of its own, and a registry only knows a blob inside the repositories that hold it.
 */
final class Purge {

    private final TestWorld world;

    private final Path jibCache;

    Purge(TestWorld world, Path jibCache) {
        this.world = world;
        this.jibCache = jibCache;
    }

    void all(TestWorld.Device device) throws IOException {
        device(device);
        buildHost();
        jibCache();
    }

    /** Removes the benchmark's containers and every image from the registries the platform uses. */
    void device(TestWorld.Device device) throws IOException {
        try (DockerClient docker = this.world.control(device)) {
            for (Container container : docker.listContainersCmd().withShowAll(true).exec()) {
                if (isBenchmarks(container.getNames())) {
                    docker.removeContainerCmd(container.getId()).withForce(true).exec();
                }
            }
            removeImages(docker);
        }
    }

    void buildHost() throws IOException {
        try (DockerClient docker = this.world.buildEngineClient()) {
            removeImages(docker);
            docker.pruneCmd(PruneType.BUILD).exec();
        }
    }

    void jibCache() throws IOException {
        if (this.jibCache == null || !Files.isDirectory(this.jibCache)) {
            return;
        }
        try (Stream<Path> files = Files.walk(this.jibCache)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(this.jibCache)) {
                    Files.delete(path);
                }
            }
        }
    }

    private void removeImages(DockerClient docker) {
        for (Image image : docker.listImagesCmd().exec()) {
            if (image.getRepoTags() == null || isFromTheRegistries(List.of(image.getRepoTags()))) {
                try {
                    docker.removeImageCmd(image.getId()).withForce(true).exec();
                }
                catch (DockerException ex) {
                    // in use by a container that is not the benchmark's: leave it
                }
            }
        }
    }

    boolean isFromTheRegistries(List<String> tags) {
        return tags.stream().anyMatch((tag) -> tag.startsWith(this.world.privateRegistry() + "/")
                || tag.startsWith(this.world.upstreamRegistry() + "/") || tag.equals("<none>:<none>"));
    }

    static boolean isBenchmarks(String[] names) {
        return names != null && Stream.of(names).anyMatch((name) -> name.startsWith("/bench"));
    }

}
