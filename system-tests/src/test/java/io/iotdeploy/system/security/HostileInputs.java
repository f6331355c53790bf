package io.iotdeploy.system.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.iotdeploy.device.TestGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile inputs the security suite tries, each checked to be refused, one line per input in
 * {@code system-tests/target/hostile-inputs.tsv} (suite, input, what answered). The count of lines is the number
 * the closing note of a security change reports; a refusal that did not happen fails its test before it is written.
 */
public final class HostileInputs {

    private static final Path REPORT = Path.of("target", "hostile-inputs.tsv");

    static {
        // one report per test run (failsafe runs the module's tests in one JVM)
        try {
            Files.deleteIfExists(REPORT);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private HostileInputs() {
    }

    /** {@code response} to the hostile {@code input} must be a problem detail with one of {@code statuses}. */
    public static TestGateway.Response refused(Class<?> suite, String input, TestGateway.Response response,
            int... statuses) {
        assertThat(response.status()).as(input + " -> " + response).isIn(box(statuses));
        assertThat(response.isProblem()).as(input + " answers with a problem detail: " + response).isTrue();
        record(suite, input, String.valueOf(response.status()));
        return response;
    }

    /** A refusal that is not an HTTP answer (a TLS handshake that fails, a registry that says 401 to docker). */
    public static void record(Class<?> suite, String input, String outcome) {
        String line = suite.getSimpleName() + "\t" + input.replace('\t', ' ').replace('\n', ' ') + "\t" + outcome
                + "\n";
        synchronized (HostileInputs.class) {
            try {
                Files.createDirectories(REPORT.getParent());
                Files.writeString(REPORT, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private static Integer[] box(int[] values) {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

}
