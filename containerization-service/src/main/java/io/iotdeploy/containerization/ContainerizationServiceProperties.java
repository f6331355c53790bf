package io.iotdeploy.containerization;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param platform         the one platform this instance builds for ({@code IOTDEPLOY_CONTAINERIZATION_PLATFORM})
 * @param privateRegistry  host:port of the registry the images are pushed to, HTTPS with a certificate the JVM's
 *                         trust store accepts (the launcher's adds the platform CA) ({@code IOTDEPLOY_PRIVATE_REGISTRY})
 * @param registryLogin    the builder's credentials for the private registry
 * @param upstreamRegistry host:port of the registry that base image names without a registry resolve against, HTTPS
 *                         read anonymously; it plays Docker Hub's role ({@code IOTDEPLOY_UPSTREAM_REGISTRY})
 * @param buildEngine      the Docker Engine that builds images with {@code RUN} steps ({@code IOTDEPLOY_BUILD_ENGINE})
 * @param jibCache         where jib keeps base image layers between builds (application layers live only as long
 *                         as their build)
 * @param timeouts         how long each remote step may take
 * @param upload           what an uploaded application may contain, checked before anything is built
 */
@ConfigurationProperties("containerization-service")
@Validated
public record ContainerizationServiceProperties(
        @NotBlank @Pattern(regexp = "linux/[a-z0-9]+") @DefaultValue("linux/amd64") String platform,
        @NotBlank @DefaultValue("10.77.0.1:5000") String privateRegistry,
        @Valid @DefaultValue RegistryLogin registryLogin,
        @NotBlank @DefaultValue("10.77.0.1:5001") String upstreamRegistry,
        @NotBlank @DefaultValue("unix:///run/iotdeploy/build-engine.sock") String buildEngine,
        @NotNull @DefaultValue(".iotdeploy/cache/jib") Path jibCache,
        @Valid @DefaultValue Timeouts timeouts,
        @Valid @DefaultValue Upload upload) {

    /**
     * @param username     the private registry's user that may push ({@code ./iotdeploy} makes {@code iotdeploy-builder})
     * @param password     its password (tests); when empty it is read from {@code passwordFile}
     * @param passwordFile the file {@code ./iotdeploy up} creates (mode 0600) with the password, read when the
     *                     registry is first used; by default {@code $IOTDEPLOY_STATE/secrets/registry-builder.password}
     */
    public record RegistryLogin(@NotBlank @DefaultValue("iotdeploy-builder") String username, String password,
            Path passwordFile) {

        @Override
        public String toString() {
            return "RegistryLogin[username=" + this.username + ", passwordFile=" + this.passwordFile + "]";
        }

    }

    /**
     * Limits of an upload's content, measured by inflating every entry (never by the sizes its headers claim). The
     * size of the upload itself is {@code spring.servlet.multipart.max-file-size}.
     *
     * @param maxEntries            the most entries the archive may have
     * @param maxUncompressedSize   the most all entries may inflate to, together
     * @param maxCompressionRatio   the most an entry may inflate to per compressed byte, once it is larger than
     *                              {@code compressionRatioFrom} (a small entry may compress very well)
     * @param compressionRatioFrom  the inflated size from which {@code maxCompressionRatio} applies
     */
    public record Upload(@Positive @DefaultValue("100000") int maxEntries,
            @NotNull @DefaultValue("1GB") DataSize maxUncompressedSize,
            @Positive @DefaultValue("100") int maxCompressionRatio,
            @NotNull @DefaultValue("1MB") DataSize compressionRatioFrom) {
    }

    /**
     * @param build    building an image, pulling its base included
     * @param push     pushing it to the private registry
     * @param registry one request to a registry's HTTP API (manifest checks)
     */
    public record Timeouts(@NotNull @DefaultValue("15m") Duration build, @NotNull @DefaultValue("10m") Duration push,
            @NotNull @DefaultValue("10s") Duration registry) {
    }

}
