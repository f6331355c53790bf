package io.iotdeploy.deployment.system;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.dockerjava.api.model.AuthConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param privateRegistry the platform's registry ({@code host:port}); devices only ever pull from it
 * @param pullTimeout     how long a device may take to pull an image
 * @param stopTimeout     how long a container gets to stop (or restart) before the engine kills it
 * @param registryLogin   the pull-only credentials devices pull with
 * @param artifacts       the releases' artifacts, kept so that a device of a new architecture can get a build of a
 *                        release made before it joined
 */
@ConfigurationProperties("deployment-service")
@Validated
public record DeploymentServiceProperties(@NotBlank @DefaultValue("10.77.0.1:5000") String privateRegistry,
        @NotNull @DefaultValue("10m") Duration pullTimeout, @NotNull @DefaultValue("10s") Duration stopTimeout,
        @Valid @DefaultValue RegistryLogin registryLogin, @Valid @DefaultValue Artifacts artifacts,
        @Valid @DefaultValue Reconcile reconcile, @Valid @DefaultValue Builds builds,
        @Valid @DefaultValue Progress progress, @Valid @DefaultValue Rollout rollout) {

    /**
     * The defaults of a rollout (a deployment to a group or tag selector), each of which a deployment may set.
     *
     * @param phases         each phase's devices reached in total: a count or a share of the target
     * @param soakTime       how long a phase's devices stay healthy before the next phase begins
     * @param phaseTimeout   how long a device of the running phase may stay pending before it counts as failed
     * @param laterThreshold the share of a later phase's devices that may fail, in percent (none in the first)
     * @param tick           how often a running rollout's application is passed over (its soak and timeouts
     *                       checked), besides the reconciler's interval
     */
    public record Rollout(@DefaultValue({ "1", "50%", "100%" }) java.util.List<String> phases,
            @NotNull @DefaultValue("60s") Duration soakTime, @NotNull @DefaultValue("10m") Duration phaseTimeout,
            @DefaultValue("20") int laterThreshold, @NotNull @DefaultValue("5s") Duration tick) {
    }

    /**
     * A deployment's progress stream ({@code GET /applications/{name}/deployments/{id}/events}).
     *
     * @param poll    how often the stored states are read for changes
     * @param timeout how long a stream lasts at most when devices stay pending (offline ones)
     */
    public record Progress(@NotNull @DefaultValue("500ms") Duration poll, @NotNull @DefaultValue("10m") Duration timeout) {
    }

    /**
     * Builds of a stored release for a platform it was not built for (a device of a new architecture joined its
     * target later), from the release's kept artifact.
     *
     * @param builders   one image builder (containerization-service) per platform ({@code linux/arm64} → its URL),
     *                   the gateway's {@code web-service.containerization-service}; an empty URL means no builder
     *                   serves that platform here (its releases are refused for devices they have no image for)
     * @param timeout    the longest one build may take
     * @param retryAfter how long a failed build is not tried again (the devices that need it stay failed)
     */
    public record Builds(Map<String, URI> builders, @NotNull @DefaultValue("10m") Duration timeout,
            @NotNull @DefaultValue("5m") Duration retryAfter) {

        public Builds {
            builders = (builders != null) ? builders.entrySet()
                .stream()
                .filter((builder) -> builder.getValue() != null && !builder.getValue().toString().isBlank())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)) : Map.of();
        }

    }

    /**
     * The reconciler, which drives every device to its desired state and keeps it there: on every change, on every
     * device event (a device came online, its tags or a group changed), and once every {@code interval}.
     *
     * @param enabled        whether it runs on its own (tests of other features turn it off)
     * @param interval       the steady pass over every application; each is jittered by up to a fifth either way
     * @param eventsInterval how often machine-service's device events are read
     * @param parallelism    how many devices are worked on at once (reading their containers, creating,
     *                       starting, removing: light calls, each to its own engine)
     * @param pulls          how many of those may pull an image at once: a pull is the one step that moves
     *                       megabytes, from the registry's link and over the device's; the others wait for a
     *                       slot (their device timeout runs meanwhile)
     * @param deviceTimeout  the longest one device may take in one pass (its pull included) before it is failed
     * @param lease          how long a replica's claim on an application lasts without being renewed (renewed
     *                       three times per lease while a pass runs): another replica, or the same service
     *                       restarted after a crash, takes over an application once it expired
     */
    public record Reconcile(@DefaultValue("true") boolean enabled, @NotNull @DefaultValue("30s") Duration interval,
            @NotNull @DefaultValue("2s") Duration eventsInterval, @Positive @DefaultValue("32") int parallelism,
            @Positive @DefaultValue("8") int pulls, @NotNull @DefaultValue("15m") Duration deviceTimeout,
            @NotNull @DefaultValue("60s") Duration lease) {
    }

    /**
     * @param directory where the artifacts are, content-addressed: {@code <directory>/sha256/<hex>}; by default
     *                  {@code $IOTDEPLOY_STATE/data/deployment/artifacts}. Every replica of the service needs the same
     *                  directory (a shared volume).
     * @param maxSize   the largest artifact: the gateway's upload limit ({@code web-service.upload.max-size})
     * @param retention when an artifact no release needs any more is deleted
     */
    public record Artifacts(@NotNull @DefaultValue(".iotdeploy/data/deployment/artifacts") Path directory,
            @NotNull @DefaultValue("200MB") DataSize maxSize, @Valid @DefaultValue Retention retention) {
    }

    /**
     * The artifact sweep: an artifact is deleted once none of the last {@code keepReleases} releases of any
     * application references it and nobody has uploaded or released it for {@code grace} (so that an upload in
     * progress, or one whose release is still being built, is never swept).
     *
     * @param enabled      whether the sweep runs on its own (tests run it by hand)
     * @param interval     time between two sweeps
     * @param keepReleases how many of each application's newest releases keep their artifact
     * @param grace        how long an artifact is kept after its last upload or release, whatever else holds
     */
    public record Retention(@DefaultValue("true") boolean enabled, @NotNull @DefaultValue("1h") Duration interval,
            @Positive @DefaultValue("5") int keepReleases, @NotNull @DefaultValue("24h") Duration grace) {
    }

    /**
     * @param username     the private registry's pull-only user ({@code ./iotdeploy} makes {@code iotdeploy-device})
     * @param password     its password (tests); when empty it is read from {@code passwordFile}
     * @param passwordFile the file {@code ./iotdeploy up} creates (mode 0600) with the password, read at every pull
     *                     (so a new one needs no restart); by default
     *                     {@code $IOTDEPLOY_STATE/secrets/registry-device.password}
     */
    public record RegistryLogin(@NotBlank @DefaultValue("iotdeploy-device") String username, String password,
            Path passwordFile) {

        /**
         * What a device pulls with ({@code X-Registry-Auth}): the engine uses it for this pull only and keeps none.
         * @throws IllegalStateException naming the file when the password cannot be read
         */
        public AuthConfig authConfig(String registry) {
            return new AuthConfig().withRegistryAddress(registry).withUsername(this.username)
                .withPassword(password(registry));
        }

        private String password(String registry) {
            if (this.password != null && !this.password.isBlank()) {
                return this.password;
            }
            if (this.passwordFile == null) {
                throw new IllegalStateException("no password for " + this.username + " at the registry " + registry
                        + ": set deployment-service.registry-login.password-file");
            }
            try {
                return Files.readString(this.passwordFile).strip();
            }
            catch (IOException ex) {
                throw new IllegalStateException("cannot read the devices' password for the registry " + registry
                        + " from " + this.passwordFile + " (./iotdeploy up creates it)", ex);
            }
        }

        @Override
        public String toString() {
            return "RegistryLogin[username=" + this.username + ", passwordFile=" + this.passwordFile + "]";
        }

    }

}
