package io.iotdeploy.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.iotdeploy.device.TestWorld;

/**
 * Scenario 1's "base image that neither the registry nor the device has ever seen", made real: before each run
 * a new base image goes into the upstream registry, as large as the real one (the same root file system, with a
 * marker file that makes its layer's digest new). Deleting a base from the registry would not do: the registry
 * keeps its blobs until a garbage collection, and an engine mounts a blob it knows from another repository.
 */
final class FreshBase {

    private final TestWorld world;

    private final Path rootfsDir;

    FreshBase(TestWorld world, Path rootfsDir) {
        this.world = world;
        this.rootfsDir = rootfsDir;
    }

    /** Pushes a never-seen variant of the scenario's base image; returns its reference as a user writes it. */
    String create(Scenario scenario, String id) throws IOException, InterruptedException {
        String name = scenario.baseImage().substring("base/".length(), scenario.baseImage().indexOf(':'));
        String repository = "base/bench-" + name + "-" + id;
        Path rootfs = this.rootfsDir.resolve(name + "-17-amd64.tar");
        // the launcher's base image command, from the running platform's copy of containerization-service's jar
        Path jar = Path.of(this.world.stateDir(), "lib", "containerization-service.jar");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), "-Dloader.main=io.iotdeploy.containerization.image.BaseImageCommand",
                "org.springframework.boot.loader.launch.PropertiesLauncher", "push", this.world.upstreamRegistry(),
                repository, "17", "amd64", rootfs.toString(), "benchmark " + id);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // it pushes as the registry's builder, over TLS with the platform CA: both are in the state folder
        builder.environment().put("IOTDEPLOY_STATE", this.world.stateDir());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("making the fresh base " + repository + " failed: " + new String(output));
        }
        return repository + ":17";
    }

}
