package io.iotdeploy.device;

import java.io.IOException;
import java.net.ConnectException;

import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerEnginesTests {

    @Test
    void transportFailuresMeanTheEngineWasNotReached() {
        assertThat(DockerEngines.isUnreachable(new RuntimeException(new ConnectException("refused")))).isTrue();
        assertThat(DockerEngines.isUnreachable(new RuntimeException(new SSLHandshakeException("bad cert")))).isTrue();
        // TLS 1.3: the engine drops a connection whose client certificate it does not trust, after the handshake
        assertThat(DockerEngines.isUnreachable(new RuntimeException(new NoHttpResponseException("no answer")))).isTrue();
    }

    @Test
    void anAnswerIsNotUnreachable() {
        assertThat(DockerEngines.isUnreachable(new IllegalStateException("409 Conflict"))).isFalse();
        assertThat(DockerEngines.isUnreachable(new RuntimeException(new IOException("malformed JSON")))).isFalse();
    }

}
