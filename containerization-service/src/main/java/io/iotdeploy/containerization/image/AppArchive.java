package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** What the upload is, judged by its content, never by its file name: an executable jar or a war. */
enum AppArchive {

    JAR("app.jar"), WAR("app.war");

    private static final byte[] ZIP_MAGIC = { 'P', 'K', 3, 4 };

    private final String fileName;

    AppArchive(String fileName) {
        this.fileName = fileName;
    }

    /** The name the archive gets in the build directory and, under {@code /app}, in the image. */
    String fileName() {
        return this.fileName;
    }

    String pathInImage() {
        return "/app/" + this.fileName;
    }

    /**
     * @throws ImageBuildException (400) when the file is not a zip archive, or neither a jar with a
     *                             {@code Main-Class} nor a war
     */
    static AppArchive inspect(Path file) {
        try {
            byte[] magic;
            try (InputStream in = Files.newInputStream(file)) {
                magic = in.readNBytes(ZIP_MAGIC.length);
            }
            if (!Arrays.equals(magic, ZIP_MAGIC)) {
                throw notAnApplication("The upload is not a jar or war: it is not a zip archive.");
            }
            // no signature verification: only the entry names and the manifest are read
            try (JarFile archive = new JarFile(file.toFile(), false)) {
                if (archive.stream().anyMatch((entry) -> entry.getName().startsWith("WEB-INF/"))) {
                    return WAR;
                }
                Manifest manifest = archive.getManifest();
                String mainClass = (manifest != null)
                        ? manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS) : null;
                if (mainClass == null || mainClass.isBlank()) {
                    throw notAnApplication("The upload is a zip archive but neither an executable jar "
                            + "(META-INF/MANIFEST.MF with a Main-Class) nor a war (WEB-INF/).");
                }
                return JAR;
            }
        }
        catch (IOException ex) {
            throw notAnApplication("The upload cannot be opened as a jar or war: " + ex.getMessage());
        }
    }

    private static ImageBuildException notAnApplication(String detail) {
        return ImageBuildException.invalid("Invalid application file", detail, null);
    }

}
