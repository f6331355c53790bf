package io.iotdeploy.token;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secret     the shared secret itself (tests); when empty it is read from {@code secretFile}
 * @param secretFile the file {@code ./iotdeploy up} creates (mode 0600) with the platform's shared secret;
 *                   by default {@code $IOTDEPLOY_STATE/secrets/internal-token.key}
 * @param lifetime   how long a token the gateway issues stays valid
 */
@ConfigurationProperties("iotdeploy.internal-token")
public record InternalTokenProperties(String secret,
        Path secretFile,
        @DefaultValue("5m") Duration lifetime) {
}
