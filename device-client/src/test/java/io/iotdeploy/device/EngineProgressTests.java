package io.iotdeploy.device;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EngineProgressTests {

    /** docker-java's items are read from the engine's JSON; here they are too. */
    private static BuildResponseItem item(String json) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, BuildResponseItem.class);
    }

    @Test
    void keepsTheStreamsLastLinesAndItsError() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        EngineProgress<BuildResponseItem> progress = new EngineProgress<>(2) {
            @Override
            protected void progress(BuildResponseItem item) {
                seen.set(item.getStream());
            }
        };
        progress.onStart(() -> {
        });
        progress.onNext(item("{\"stream\":\"Step 1/2 : FROM base\\n\"}"));
        progress.onNext(item("{\"stream\":\"Step 2/2 : RUN false\\n\"}"));
        progress.onNext(item("{\"errorDetail\":{\"code\":1,\"message\":\"returned a non-zero code: 1\"},"
                + "\"error\":\"returned a non-zero code: 1\"}"));
        progress.onComplete();
        assertThat(progress.await(Duration.ofSeconds(1))).isTrue();
        assertThat(progress.error()).isEqualTo("returned a non-zero code: 1");
        assertThat(progress.lastLines()).containsExactly("Step 2/2 : RUN false", "ERROR: returned a non-zero code: 1");
        assertThat(seen.get()).isNull();
    }

    @Test
    void aFailedCallIsRethrownAsItCame() {
        EngineProgress<BuildResponseItem> progress = new EngineProgress<>(5) {
        };
        progress.onStart(() -> {
        });
        progress.onError(new NotFoundException("Status 404: {\"message\":\"manifest unknown\"}"));
        assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> progress.await(Duration.ofSeconds(1)));
        assertThat(progress.failure()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aStreamThatDoesNotEndInTimeIsClosed() {
        AtomicReference<Boolean> closed = new AtomicReference<>(false);
        EngineProgress<BuildResponseItem> progress = new EngineProgress<>(5) {
        };
        progress.onStart(() -> closed.set(true));
        assertThat(progress.await(Duration.ofMillis(50))).isFalse();
        assertThat(closed.get()).isTrue();
    }

}
