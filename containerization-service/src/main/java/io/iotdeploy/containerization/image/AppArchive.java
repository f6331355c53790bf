package io.iotdeploy.containerization.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.iotdeploy.containerization.ContainerizationServiceProperties.Upload;

import org.springframework.util.unit.DataSize;

/**
 * What the upload is, judged by its content, never by its file name: an executable jar or a war. Before anything
 * is built the archive is read once, entry by entry, as the JVM in the container will read it (its central
 * directory): every entry's name must stay inside the archive's root (no zip slip), and every entry is inflated
 * with its bytes counted, so that a zip bomb is refused by what it really inflates to, whatever its headers claim
 * (an entry count limit, a limit of the total, a compression ratio limit for large entries). Nested archives are
 * counted as the bytes they are, never opened.
 */
enum AppArchive {

    JAR("app.jar"), WAR("app.war");

    /** The limits when nothing is configured. */
    static final Upload DEFAULT_LIMITS = new Upload(100_000, DataSize.ofGigabytes(1), 100, DataSize.ofMegabytes(1));

    private static final byte[] ZIP_MAGIC = { 'P', 'K', 3, 4 };

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private static final int MAX_MANIFEST = 1024 * 1024;

    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);

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

    static AppArchive inspect(Path file) {
        return inspect(file, DEFAULT_LIMITS);
    }

    /**
     * @throws ImageBuildException (422, "Upload refused") naming the rule and, where one is to blame, the entry:
     *                             the file is not a zip archive, an entry's name leaves the archive's root, the
     *                             archive inflates beyond the limits, or it is neither a jar with a
     *                             {@code Main-Class} nor a war
     */
    static AppArchive inspect(Path file, Upload limits) {
        try {
            byte[] magic;
            try (InputStream in = Files.newInputStream(file)) {
                magic = in.readNBytes(ZIP_MAGIC.length);
            }
            if (!Arrays.equals(magic, ZIP_MAGIC)) {
                throw ImageBuildException.refused("The upload is not a jar or war: it is not a zip archive.",
                        "not-a-zip", null);
            }
            try (ZipFile archive = new ZipFile(file.toFile())) {
                return inspect(archive, limits);
            }
        }
        catch (IOException ex) {
            throw ImageBuildException.refused("The upload cannot be read as a jar or war: " + ex.getMessage(),
                    "not-a-zip", null);
        }
    }

    private static AppArchive inspect(ZipFile archive, Upload limits) throws IOException {
        if (archive.size() > limits.maxEntries()) {
            throw ImageBuildException.refused("The upload has " + archive.size() + " entries, more than the limit of "
                    + limits.maxEntries() + ".", "zip-bomb-entry-count", null);
        }
        long total = 0;
        boolean war = false;
        Manifest manifest = null;
        Set<String> names = new HashSet<>();
        byte[] buffer = new byte[64 * 1024];
        Enumeration<? extends ZipEntry> entries = archive.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            refuseEscapingName(name);
            if (!names.add(name)) {
                throw ImageBuildException.refused("The upload has the entry '" + printable(name) + "' twice: "
                        + "tools would disagree on which one is meant.", "duplicate-entry", printable(name));
            }
            war |= name.startsWith("WEB-INF/");
            boolean isManifest = name.equalsIgnoreCase(MANIFEST);
            ByteArrayOutputStream manifestBytes = isManifest ? new ByteArrayOutputStream() : null;
            long inflated = 0;
            long compressed = Math.max(1, entry.getCompressedSize());
            try (InputStream in = archive.getInputStream(entry)) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    inflated += read;
                    total += read;
                    if (total > limits.maxUncompressedSize().toBytes()) {
                        throw ImageBuildException.refused("The upload inflates to more than the limit of "
                                + readable(limits.maxUncompressedSize()) + " (reached in entry '" + printable(name)
                                + "'): a zip bomb?", "zip-bomb-total-size", printable(name));
                    }
                    if (inflated > limits.compressionRatioFrom().toBytes()
                            && inflated / compressed > limits.maxCompressionRatio()) {
                        throw ImageBuildException.refused("The entry '" + printable(name) + "' inflates more than "
                                + limits.maxCompressionRatio() + " times its compressed size of " + compressed
                                + " bytes: a zip bomb?", "zip-bomb-compression-ratio", printable(name));
                    }
                    if (manifestBytes != null) {
                        if (manifestBytes.size() + read > MAX_MANIFEST) {
                            throw ImageBuildException.refused("The manifest " + name + " is larger than "
                                    + MAX_MANIFEST + " bytes.", "manifest-size", printable(name));
                        }
                        manifestBytes.write(buffer, 0, read);
                    }
                }
            }
            if (manifestBytes != null) {
                manifest = new Manifest(new ByteArrayInputStream(manifestBytes.toByteArray()));
            }
        }
        if (war) {
            return WAR;
        }
        String mainClass = (manifest != null) ? manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS)
                : null;
        if (mainClass == null || mainClass.isBlank()) {
            throw ImageBuildException.refused("The upload is a zip archive but neither an executable jar "
                    + "(META-INF/MANIFEST.MF with a Main-Class) nor a war (WEB-INF/).", "not-an-application", null);
        }
        return JAR;
    }

    /** An entry whose name could be written outside the directory it is extracted to ("zip slip") is refused. */
    private static void refuseEscapingName(String name) {
        String why = null;
        String rule = null;
        if (name.isEmpty()) {
            why = "has an empty name";
            rule = "zip-slip-empty-name";
        }
        else if (name.indexOf('\0') >= 0) {
            why = "has a NUL character in its name";
            rule = "zip-slip-nul";
        }
        else if (name.indexOf('\\') >= 0) {
            why = "has a backslash in its name (a path separator on Windows)";
            rule = "zip-slip-backslash";
        }
        else if (DRIVE_LETTER.matcher(name).matches()) {
            why = "starts with a drive letter";
            rule = "zip-slip-drive-letter";
        }
        else if (name.startsWith("/")) {
            why = "is an absolute path";
            rule = "zip-slip-absolute-path";
        }
        else if (Arrays.asList(name.split("/", -1)).contains("..")) {
            // a relative name without backslashes or a drive can only leave the root through a '..' segment
            why = "has a '..' segment";
            rule = "zip-slip-parent-segment";
        }
        if (why != null) {
            throw ImageBuildException.refused("The upload's entry '" + printable(name) + "' " + why
                    + ": an archive entry must stay inside the archive's root.", rule, printable(name));
        }
    }

    /** An entry name as it can be shown: control characters escaped, at most 200 characters. */
    private static String printable(String name) {
        StringBuilder shown = new StringBuilder();
        for (char c : name.toCharArray()) {
            shown.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : c);
            if (shown.length() >= 200) {
                return shown + "…";
            }
        }
        return shown.toString();
    }

    private static String readable(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % DataSize.ofGigabytes(1).toBytes() == 0) {
            return size.toGigabytes() + "GB";
        }
        if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
            return size.toMegabytes() + "MB";
        }
        return bytes + " bytes";
    }

}
