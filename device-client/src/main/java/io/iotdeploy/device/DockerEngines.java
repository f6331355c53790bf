package io.iotdeploy.device;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * The one place that builds {@link DockerClient}s. Every client has a connect timeout and, unless it is
 * meant for streams, a response timeout: nothing the platform asks of a device waits forever. A connection with
 * {@link EngineTls} speaks HTTPS, shows the client certificate, trusts only the platform CA and checks that the
 * engine's certificate names the address connected to.
 */
public final class DockerEngines {

    /** Docker Engine 20.10 (Debian 12's docker.io) speaks 1.41; newer engines still accept it. */
    public static final String API_VERSION = "1.41";

    private static final int MAX_CONNECTIONS = 20;

    private DockerEngines() {
    }

    public static DockerClient connect(EngineConnection connection) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(connection.dockerHost())
            // explicit, so that DOCKER_TLS_VERIFY or ~/.docker of whoever runs the service cannot leak in
            .withDockerTlsVerify(false)
            .withApiVersion(API_VERSION)
            .build();
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            // never the config's own SSL config (DOCKER_CERT_PATH of whoever runs the service): only ours
            .sslConfig(connection.tls())
            .maxConnections(MAX_CONNECTIONS)
            .connectionTimeout(connection.connectTimeout());
        if (connection.responseTimeout() != null) {
            http.responseTimeout(connection.responseTimeout());
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    /**
     * Whether a failure means the engine could not be reached at all (refused, no route, timed out) rather
     * than that it answered with an error. docker-java wraps transport failures in a plain RuntimeException.
     */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // SocketException also covers a missing unix socket ("No such file or directory") and a reset link
            if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof SocketException
                    || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return true;
            }
            // no TLS handshake: a certificate from another CA, one that does not name the address, a plain engine
            if (t instanceof SSLException) {
                return true;
            }
            if (t instanceof IOException && t.getClass().getName().startsWith("org.apache.hc.client5.http.")) {
                return true;
            }
            // under TLS 1.3 an engine refuses a client certificate after the handshake: the connection just closes
            if (t instanceof NoHttpResponseException) {
                return true;
            }
        }
        return false;
    }

}
