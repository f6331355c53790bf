package io.iotdeploy.device;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one Docker Engine (a device's or the build host's) and how long to wait for it.
 *
 * @param dockerHost      {@code tcp://10.77.0.11:2376} or {@code unix:///run/iotdeploy/build-engine.sock}
 * @param connectTimeout  how long to wait for the connection; a device on a poor link needs a few seconds
 * @param responseTimeout how long an answer may stay silent; {@code null} for streams (logs, pulls, builds),
 *                        which are bounded by their caller's {@code awaitCompletion} instead
 * @param tls             the client certificate and the CA for an engine that runs with {@code --tlsverify};
 *                        {@code null} for plain TCP (a device its owner marked insecure) or a unix socket
 */
public record EngineConnection(String dockerHost, Duration connectTimeout, Duration responseTimeout, EngineTls tls) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    public EngineConnection {
        Objects.requireNonNull(dockerHost, "dockerHost");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** For calls that answer at once: info, create, start, stop (stop waits for the container's stop timeout). */
    public static EngineConnection control(String dockerHost) {
        return control(dockerHost, null);
    }

    /** {@link #control(String)} over TLS with a client certificate ({@code tls} may be {@code null}: plain). */
    public static EngineConnection control(String dockerHost, EngineTls tls) {
        return new EngineConnection(dockerHost, DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT, tls);
    }

    /** For streaming calls that may stay silent for long: pull, push, build, logs with follow. */
    public static EngineConnection streaming(String dockerHost) {
        return streaming(dockerHost, null);
    }

    /** {@link #streaming(String)} over TLS with a client certificate ({@code tls} may be {@code null}: plain). */
    public static EngineConnection streaming(String dockerHost, EngineTls tls) {
        return new EngineConnection(dockerHost, DEFAULT_CONNECT_TIMEOUT, null, tls);
    }

}
