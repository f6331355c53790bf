package io.iotdeploy.containerization.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * The one layer of a base image: a root file system tar (the launcher's debootstrap) compressed with gzip into a file
 * beside it. With a marker, the layer starts with a file {@code /etc/iotdeploy-base-id} holding it: the same root
 * file system, as large, but a layer no registry or engine has seen before (the benchmark's scenario 1).
 *
 * @param file   the compressed layer, next to the root file system; whoever made it deletes it
 * @param digest {@code sha256:…} of the compressed layer: the blob's digest
 * @param diffId {@code sha256:…} of the uncompressed tar: the image config's {@code rootfs.diff_ids} entry
 * @param size   the compressed layer's length in bytes
 */
record BaseImageLayer(Path file, String digest, String diffId, long size) {

    static final String MARKER_FILE = "./etc/iotdeploy-base-id";

    private static final int BLOCK = 512;

    /** @param marker {@code null} for the root file system as it is */
    static BaseImageLayer compress(Path rootfs, String marker) throws IOException {
        Path dir = rootfs.toAbsolutePath().getParent();
        Path file = Files.createTempFile(dir, rootfs.getFileName() + ".", ".gz");
        try {
            MessageDigest compressed = sha256();
            MessageDigest uncompressed = sha256();
            try (InputStream in = Files.newInputStream(rootfs);
                    OutputStream tar = new DigestOutputStream(new GZIPOutputStream(new DigestOutputStream(
                            new BufferedOutputStream(Files.newOutputStream(file), 1 << 20), compressed), 1 << 16),
                            uncompressed)) {
                if (marker != null) {
                    tar.write(markerEntry(marker));
                }
                // the root file system's own entries and its end-of-archive blocks follow unchanged
                in.transferTo(tar);
            }
            return new BaseImageLayer(file, hex(compressed), hex(uncompressed), Files.size(file));
        }
        catch (IOException | RuntimeException ex) {
            Files.deleteIfExists(file);
            throw ex;
        }
    }

    /**
     * The marker file as a tar entry (POSIX ustar): a regular file {@link #MARKER_FILE} holding the marker and a
     * line end, mode 0644, owner and group 0 (numeric only, as the launcher's {@code tar --numeric-owner} writes the
     * root file system), dated 1970 like the image itself.
     */
    static byte[] markerEntry(String marker) {
        byte[] content = (marker + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] entry = new byte[BLOCK + (content.length + BLOCK - 1) / BLOCK * BLOCK];
        field(entry, 0, MARKER_FILE);
        field(entry, 100, "0000644");
        field(entry, 108, "0000000");
        field(entry, 116, "0000000");
        field(entry, 124, String.format("%011o", content.length));
        field(entry, 136, "00000000000");
        entry[156] = '0';
        field(entry, 257, "ustar");
        field(entry, 263, "00");
        // the checksum is the sum of the header's bytes, counted with its own field as spaces
        Arrays.fill(entry, 148, 156, (byte) ' ');
        int sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += entry[i] & 0xff;
        }
        field(entry, 148, String.format("%06o", sum));
        entry[154] = 0;
        entry[155] = ' ';
        System.arraycopy(content, 0, entry, BLOCK, content.length);
        return entry;
    }

    /** An ASCII field at {@code offset}; the bytes after it stay 0 (the field's terminating NUL). */
    private static void field(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
    }

    private static String hex(MessageDigest digest) {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

}
