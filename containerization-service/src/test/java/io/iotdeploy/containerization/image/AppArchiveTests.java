package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.iotdeploy.device.testapp.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AppArchiveTests {

    @TempDir
    Path dir;

    @Test
    void anExecutableJarIsAJar() throws IOException {
        assertThat(AppArchive.inspect(TestApps.helloServerJar(this.dir, "hi"))).isEqualTo(AppArchive.JAR);
    }

    @Test
    void anArchiveWithWebInfIsAWar() throws IOException {
        Path war = this.dir.resolve("upload");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(war))) {
            out.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            out.write("<web-app/>".getBytes());
            out.closeEntry();
        }
        assertThat(AppArchive.inspect(war)).isEqualTo(AppArchive.WAR);
        assertThat(AppArchive.WAR.pathInImage()).isEqualTo("/app/app.war");
    }

    @Test
    void aTextFileNamedAppJarIsRefused() throws IOException {
        Path text = Files.writeString(this.dir.resolve("app.jar"), "this is not a jar\n");
        assertRefused(text, "not a zip archive");
    }

    @Test
    void aFileWithZipMagicThatIsNoZipIsRefused() throws IOException {
        Path fake = Files.write(this.dir.resolve("app.jar"), new byte[] { 'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6 });
        assertRefused(fake, "cannot be opened");
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
        assertRefused(library, "Main-Class");
    }

    @Test
    void aZipWithoutManifestIsRefused() throws IOException {
        Path zip = this.dir.resolve("plain.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.closeEntry();
        }
        assertRefused(zip, "Main-Class");
    }

    private static void assertRefused(Path file, String why) {
        assertThatExceptionOfType(ImageBuildException.class).isThrownBy(() -> AppArchive.inspect(file))
            .withMessageContaining(why)
            .satisfies((ex) -> {
                assertThat(ex.status().value()).isEqualTo(400);
                assertThat(ex.step()).isEqualTo("upload");
            });
    }

}
