package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.iotdeploy.containerization.ContainerizationServiceProperties.Upload;
import io.iotdeploy.device.testapp.TestApps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AppArchiveTests {

    private static final Logger log = LoggerFactory.getLogger(AppArchiveTests.class);

    private static final String MAIN_CLASS = "io.example.Main";

    /** 1.1 GiB of zeros in three entries, deflated to about a megabyte. */
    private static Path bomb;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeBomb() throws IOException {
        bomb = shared.resolve("bomb.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(bomb), manifest(MAIN_CLASS))) {
            for (int i = 0; i < 3; i++) {
                out.putNextEntry(new ZipEntry("data/zeros-" + i + ".bin"));
                writeZeros(out, 375L * 1024 * 1024);
                out.closeEntry();
            }
        }
    }

    @Test
    void anExecutableJarIsAJar() throws IOException {
        assertThat(AppArchive.inspect(TestApps.helloServerJar(this.dir, "hi"))).isEqualTo(AppArchive.JAR);
    }

    @Test
    void anArchiveWithWebInfIsAWar() throws IOException {
        Path war = zip("upload", "WEB-INF/web.xml", "index.jsp");
        assertThat(AppArchive.inspect(war)).isEqualTo(AppArchive.WAR);
        assertThat(AppArchive.WAR.pathInImage()).isEqualTo("/app/app.war");
    }

    @Test
    void aLegitimate14MegabyteJarPasses() throws IOException {
        Path jar = TestApps.helloServerJar(this.dir, "fourteen", 14 * 1024 * 1024);
        long started = System.nanoTime();
        AppArchive archive = AppArchive.inspect(jar);
        long millis = (System.nanoTime() - started) / 1_000_000;
        log.info("checked a {} byte jar in {} ms", Files.size(jar), millis);
        assertThat(archive).isEqualTo(AppArchive.JAR);
    }

    @Test
    void aTextFileNamedAppJarIsRefused() throws IOException {
        Path text = Files.writeString(this.dir.resolve("app.jar"), "this is not a jar\n");
        assertRefused(text, "not-a-zip", null, "not a zip archive");
    }

    @Test
    void aFileWithZipMagicThatIsNoZipIsRefused() throws IOException {
        Path fake = Files.write(this.dir.resolve("app.jar"), new byte[] { 'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6 });
        assertRefused(fake, "not-a-zip", null, "cannot be read");
    }

    @Test
    void aJarWithoutMainClassIsRefused() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path library = this.dir.resolve("library.jar");
        try (OutputStream file = Files.newOutputStream(library);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new ZipEntry("a/A.class"));
            out.closeEntry();
        }
        assertRefused(library, "not-an-application", null, "Main-Class");
    }

    @Test
    void aJarWithoutManifestIsRefused() throws IOException {
        assertRefused(zip("plain.jar", "io/example/Main.class", "readme.txt"), "not-an-application", null,
                "Main-Class");
    }

    @Test
    void aWarWithoutWebInfIsRefused() throws IOException {
        assertRefused(zip("site.war", "index.jsp", "META-INF/context.xml", "css/site.css"), "not-an-application",
                null, "WEB-INF/");
    }

    @Test
    void entriesThatLeaveTheArchivesRootAreRefused() throws IOException {
        assertSlip("../evil.sh", "zip-slip-parent-segment", "'..' segment");
        assertSlip("BOOT-INF/../../evil.sh", "zip-slip-parent-segment", "'..' segment");
        assertSlip("WEB-INF/classes/..", "zip-slip-parent-segment", "'..' segment");
        assertSlip("/etc/cron.d/evil", "zip-slip-absolute-path", "absolute path");
        assertSlip("//server/share/evil", "zip-slip-absolute-path", "absolute path");
        assertSlip("..\\..\\evil.bat", "zip-slip-backslash", "backslash");
        assertSlip("WEB-INF\\web.xml", "zip-slip-backslash", "backslash");
        assertSlip("C:/Windows/evil.dll", "zip-slip-drive-letter", "drive letter");
        assertSlip("c:evil.dll", "zip-slip-drive-letter", "drive letter");
        assertSlip("evil.sh\0.txt", "zip-slip-nul", "NUL");
        assertSlip("", "zip-slip-empty-name", "empty name");
    }

    @Test
    void aZipBombIsRefusedByItsCompressionRatio() throws IOException {
        assertThat(Files.size(bomb)).as("the bomb is small").isLessThan(4L * 1024 * 1024);
        assertRefused(bomb, "zip-bomb-compression-ratio", "data/zeros-0.bin", "inflates more than 100 times");
    }

    @Test
    void aZipBombIsRefusedByWhatItInflatesToInTotal() {
        // a ratio limit above what deflate can reach: only the total limit (1 GiB, the default) stops it
        Upload limits = new Upload(100_000, DataSize.ofGigabytes(1), 2000, DataSize.ofMegabytes(1));
        assertRefused(bomb, limits, "zip-bomb-total-size", "data/zeros-2.bin", "more than the limit of 1GB");
    }

    @Test
    void theSizesInTheHeadersAreNotBelieved() throws IOException {
        Path liar = this.dir.resolve("liar.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(liar), manifest(MAIN_CLASS))) {
            out.putNextEntry(new ZipEntry("data/small.bin"));
            writeZeros(out, 64L * 1024 * 1024);
            out.closeEntry();
        }
        // the central directory (what ZipFile and the JVM read) now says the entry inflates to 10 bytes
        byte[] bytes = Files.readAllBytes(liar);
        int central = indexOf(bytes, "data/small.bin".getBytes(StandardCharsets.UTF_8), lastIndexOf(bytes,
                new byte[] { 'P', 'K', 1, 2 }, bytes.length)) - 46;
        ByteBuffer.wrap(bytes, central + 24, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(10);
        Files.write(liar, bytes);

        Upload limits = new Upload(100_000, DataSize.ofMegabytes(32), 2000, DataSize.ofMegabytes(1));
        assertRefused(liar, limits, "zip-bomb-total-size", "data/small.bin", "more than the limit of 32MB");
    }

    @Test
    void anArchiveWithTooManyEntriesIsRefused() throws IOException {
        Path many = this.dir.resolve("many.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(many), manifest(MAIN_CLASS))) {
            for (int i = 0; i < 60; i++) {
                out.putNextEntry(new ZipEntry("c/C" + i + ".class"));
                out.closeEntry();
            }
        }
        Upload limits = new Upload(50, DataSize.ofGigabytes(1), 100, DataSize.ofMegabytes(1));
        assertRefused(many, limits, "zip-bomb-entry-count", null, "61 entries, more than the limit of 50");
    }

    @Test
    void anEntryThatIsThereTwiceIsRefused() throws IOException {
        Path twice = this.dir.resolve("twice.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(twice), manifest(MAIN_CLASS))) {
            for (String name : List.of("io/example/Mainx.class", "io/example/Mainy.class")) {
                out.putNextEntry(new ZipEntry(name));
                out.write(name.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        Files.write(twice, replaceAll(Files.readAllBytes(twice), "Mainy.class", "Mainx.class"));
        assertRefused(twice, "duplicate-entry", "io/example/Mainx.class", "twice");
    }

    @Test
    void aNestedArchiveIsNotExpanded() throws IOException {
        Path inner = this.dir.resolve("inner.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(inner))) {
            out.putNextEntry(new ZipEntry("zeros.bin"));
            writeZeros(out, 256L * 1024 * 1024);
            out.closeEntry();
        }
        byte[] innerBytes = Files.readAllBytes(inner);
        Path jar = this.dir.resolve("nested.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest(MAIN_CLASS))) {
            ZipEntry stored = new ZipEntry("BOOT-INF/lib/inner.jar");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(innerBytes.length);
            CRC32 crc = new CRC32();
            crc.update(innerBytes);
            stored.setCrc(crc.getValue());
            out.putNextEntry(stored);
            out.write(innerBytes);
            out.closeEntry();
        }
        // 256 MB inside, but the limit is 16 MB: the inner archive counts as the bytes it is
        Upload limits = new Upload(100, DataSize.ofMegabytes(16), 100, DataSize.ofMegabytes(1));
        assertThat(AppArchive.inspect(jar, limits)).isEqualTo(AppArchive.JAR);
    }

    private void assertSlip(String entry, String rule, String why) throws IOException {
        Path jar = this.dir.resolve("slip.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest(MAIN_CLASS))) {
            out.putNextEntry(new ZipEntry("io/example/Main.class"));
            out.closeEntry();
            out.putNextEntry(new ZipEntry(entry));
            out.write("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        assertRefused(jar, rule, entry.replace("\0", "\\u0000"), why);
    }

    private static void assertRefused(Path file, String rule, String entry, String why) {
        assertRefused(file, AppArchive.DEFAULT_LIMITS, rule, entry, why);
    }

    private static void assertRefused(Path file, Upload limits, String rule, String entry, String why) {
        assertThatExceptionOfType(ImageBuildException.class).isThrownBy(() -> AppArchive.inspect(file, limits))
            .withMessageContaining(why)
            .satisfies((ex) -> {
                assertThat(ex.status().value()).isEqualTo(422);
                assertThat(ex.title()).isEqualTo("Upload refused");
                assertThat(ex.step()).isEqualTo("upload");
                assertThat(ex.properties()).containsEntry("rule", rule);
                if (entry != null) {
                    assertThat(ex.properties()).containsEntry("entry", entry);
                }
                else {
                    assertThat(ex.properties()).doesNotContainKey("entry");
                }
            });
    }

    private Path zip(String fileName, String... entries) throws IOException {
        Path zip = this.dir.resolve(fileName);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String entry : entries) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(entry.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    private static Manifest manifest(String mainClass) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        return manifest;
    }

    private static void writeZeros(OutputStream out, long bytes) throws IOException {
        byte[] zeros = new byte[1024 * 1024];
        for (long left = bytes; left > 0; left -= zeros.length) {
            out.write(zeros, 0, (int) Math.min(left, zeros.length));
        }
    }

    private static byte[] replaceAll(byte[] bytes, String from, String to) {
        byte[] pattern = from.getBytes(StandardCharsets.UTF_8);
        byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
        for (int at = indexOf(bytes, pattern, 0); at >= 0; at = indexOf(bytes, pattern, at + 1)) {
            System.arraycopy(replacement, 0, bytes, at, replacement.length);
        }
        return bytes;
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        for (int i = Math.max(0, from); i <= bytes.length - pattern.length; i++) {
            if (matchesAt(bytes, pattern, i)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, byte[] pattern, int before) {
        for (int i = Math.min(before, bytes.length) - pattern.length; i >= 0; i--) {
            if (matchesAt(bytes, pattern, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matchesAt(byte[] bytes, byte[] pattern, int at) {
        for (int j = 0; j < pattern.length; j++) {
            if (bytes[at + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }

}
