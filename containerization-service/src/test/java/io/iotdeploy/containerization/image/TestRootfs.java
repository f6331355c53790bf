package io.iotdeploy.containerization.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** A tiny root file system tar, as the launcher's {@code tar --numeric-owner -C DIR -cf …} makes one; reading tars. */
final class TestRootfs {

    private TestRootfs() {
    }

    /** {@code ./}, {@code ./etc/}, {@code ./etc/os-release}, {@code ./bin -> usr/bin}, {@code ./usr/bin/java}. */
    static Path write(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            directory(tar, "./");
            directory(tar, "./etc/");
            file(tar, "./etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n", 0644);
            TarArchiveEntry link = new TarArchiveEntry("./bin", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("usr/bin");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            directory(tar, "./usr/");
            directory(tar, "./usr/bin/");
            file(tar, "./usr/bin/java", "#!/bin/sh\necho 'openjdk version \"17\"'\n", 0755);
        }
        return Files.write(file, bytes.toByteArray());
    }

    /** The regular files and symbolic links of a tar, in order: name → content, or → {@code "-> target"}. */
    static Map<String, String> entries(byte[] tar) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null;) {
                if (entry.isSymbolicLink()) {
                    entries.put(entry.getName(), "-> " + entry.getLinkName());
                }
                else if (entry.isFile()) {
                    entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return entries;
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static byte[] gunzip(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        entry.setMode(0100000 | mode);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

}
