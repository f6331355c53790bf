package io.iotdeploy.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules every service shares live in one place, and this keeps them there: it reads the main sources of every
 * module of the project (this module sits one folder below the project's top) and fails on a second copy.
 */
class SourceRulesTests {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void onlyContainerLabelsSpellsALabel() throws Exception {
        List<String> literals = new ArrayList<>();
        for (Field field : ContainerLabels.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                literals.add("\"" + field.get(null) + "\"");
            }
        }
        assertThat(literals).contains("\"iotdeploy.owner\"", "\"iotdeploy.\"");
        assertThat(offences(literals, "ContainerLabels.java")).isEmpty();
    }

    @Test
    void onlyContainerNamesSaysWhatAContainerNameIs() {
        assertThat(offences(List.of("[a-zA-Z0-9][a-zA-Z0-9_.-]", "[a-zA-Z0-9_.-]"), "ContainerNames.java")).isEmpty();
    }

    @Test
    void oneLoggingApiAndOneJackson() {
        assertThat(offences(List.of("org.apache.commons.logging"), null)).isEmpty();
        assertThat(offences(List.of("import com.fasterxml.jackson.databind"), null)).isEmpty();
    }

    @Test
    void jibIsUsedThroughItsApiOnly() {
        assertThat(offences(List.of("com.google.cloud.tools.jib.image.json", "com.google.cloud.tools.jib.registry",
                "\"pushBlob PATCH "), null)).isEmpty();
    }

    /** Each line of a main source (other than {@code allowedIn}) that holds one of {@code needles}. */
    private static List<String> offences(List<String> needles, String allowedIn) {
        try (Stream<Path> modules = Files.list(PROJECT)) {
            List<String> found = new ArrayList<>();
            int scanned = 0;
            for (Path sources : modules.map((module) -> module.resolve("src/main/java")).filter(Files::isDirectory)
                .toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
                        if (file.getFileName().toString().equals(allowedIn)) {
                            continue;
                        }
                        scanned++;
                        List<String> lines = Files.readAllLines(file);
                        for (int i = 0; i < lines.size(); i++) {
                            String line = lines.get(i);
                            if (needles.stream().anyMatch(line::contains)) {
                                found.add(PROJECT.relativize(file) + ":" + (i + 1) + ": " + line.strip());
                            }
                        }
                    }
                }
            }
            // a scan that read nothing (run from another folder) would pass for the wrong reason
            assertThat(scanned).as("main sources read under %s", PROJECT).isGreaterThan(100);
            return found;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
