package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import com.github.dockerjava.api.model.AuthConfig;
import io.iotdeploy.containerization.ContainerizationServiceProperties.RegistryLogin;

/**
 * The builder's credentials for the private registry (the only registry that needs any): the password comes from the
 * state folder's secret when first needed, so a service without a registry starts without it. Never logged: the
 * password is in no message and no {@code toString}.
 */
final class RegistryCredentials {

    private final String registry;

    private final String username;

    private final String configuredPassword;

    private final Path passwordFile;

    private volatile String password;

    RegistryCredentials(String registry, RegistryLogin login) {
        this.registry = registry;
        this.username = login.username();
        this.configuredPassword = login.password();
        this.passwordFile = login.passwordFile();
    }

    /** Whether {@code registry} (host:port) is the one these credentials are for. */
    boolean isFor(String registry) {
        return this.registry.equals(registry);
    }

    String registry() {
        return this.registry;
    }

    String username() {
        return this.username;
    }

    String password() {
        String known = this.password;
        if (known == null) {
            known = read();
            this.password = known;
        }
        return known;
    }

    /** The value of an {@code Authorization} header (HTTP Basic). */
    String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
            .encodeToString((this.username + ":" + password()).getBytes(StandardCharsets.UTF_8));
    }

    /** For a push from a Docker Engine ({@code X-Registry-Auth}). */
    AuthConfig authConfig() {
        return new AuthConfig().withRegistryAddress(this.registry).withUsername(this.username).withPassword(password());
    }

    private String read() {
        if (this.configuredPassword != null && !this.configuredPassword.isBlank()) {
            return this.configuredPassword;
        }
        if (this.passwordFile == null) {
            throw new IllegalStateException("no password for " + this.username + " at the registry " + this.registry
                    + ": set containerization-service.registry-login.password-file");
        }
        try {
            String read = Files.readString(this.passwordFile).strip();
            if (read.isEmpty()) {
                throw new IllegalStateException("the registry password file " + this.passwordFile + " is empty");
            }
            return read;
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot read the password of " + this.username + " for the registry "
                    + this.registry + " from " + this.passwordFile + " (./iotdeploy up creates it)", ex);
        }
    }

    @Override
    public String toString() {
        return "RegistryCredentials[" + this.username + "@" + this.registry + "]";
    }

}
