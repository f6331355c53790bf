package io.iotdeploy.deployment.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.iotdeploy.deployment.system.DeploymentServiceProperties;

import org.springframework.stereotype.Component;

/**
 * The releases' artifacts on disk, content-addressed: {@code <directory>/sha256/<hex>}. A file is written to
 * {@code <directory>/tmp/} while it arrives, its SHA-256 computed on the way, and only renamed into place (one
 * atomic rename on the same file system) once it is complete and is what it claims to be: a file under
 * {@code sha256/} is always whole and always has the content its name says. Storing what is already there is a
 * no-op apart from its time stamp, so a repeated upload is harmless. Who may use a file is not this class's
 * question ({@link ArtifactService}).
 */
@Component
class ArtifactStore {

    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path files;

    private final Path temporary;

    private final Clock clock;

    ArtifactStore(DeploymentServiceProperties properties, Clock clock) {
        Path directory = properties.artifacts().directory().toAbsolutePath().normalize();
        this.files = directory.resolve("sha256");
        this.temporary = directory.resolve("tmp");
        this.clock = clock;
    }

    /**
     * A file as it was stored.
     *
     * @param created whether this call stored it (it was not there before)
     */
    record Stored(String sha256, long size, boolean created) {
    }

    /**
     * A file of the store, with when it was last written or stored again.
     *
     * @param name the artifact's SHA-256 for a stored artifact, the file's name for a partial upload
     */
    record StoredFile(String name, Instant modified) {
    }

    /**
     * Stores {@code content} if its SHA-256 is {@code sha256}.
     *
     * @throws TooLargeException         when it has more than {@code maxSize} bytes (nothing is kept)
     * @throws HashMismatchException     when its SHA-256 is another one (nothing is kept)
     * @throws IOException               when the disk fails
     */
    Stored put(String sha256, InputStream content, long maxSize) throws IOException {
        requireSha256(sha256);
        Files.createDirectories(this.files);
        Files.createDirectories(this.temporary);
        Path part = Files.createTempFile(this.temporary, "upload-", ".part");
        try {
            MessageDigest digest = sha256();
            long size = 0;
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                    size += n;
                    if (size > maxSize) {
                        throw new TooLargeException(maxSize);
                    }
                    digest.update(buffer, 0, n);
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                }
                // on disk before it is renamed into place: a crash never leaves a short file under its hash
                out.force(true);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new HashMismatchException(sha256, actual, size);
            }
            Path target = this.files.resolve(sha256);
            if (Files.exists(target)) {
                touch(target);
                return new Stored(sha256, size, false);
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (FileAlreadyExistsException ex) {
                // stored at the same moment by another upload: the same bytes
                touch(target);
                return new Stored(sha256, size, false);
            }
            catch (AtomicMoveNotSupportedException ex) {
                throw new IOException("cannot rename " + part + " to " + target + " atomically: the artifacts' "
                        + "tmp/ and sha256/ must be on one file system", ex);
            }
            touch(target);
            return new Stored(sha256, size, true);
        }
        finally {
            Files.deleteIfExists(part);
        }
    }

    /** The stored file of an artifact, if it is there. */
    Optional<Path> find(String sha256) {
        requireSha256(sha256);
        Path file = this.files.resolve(sha256);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    boolean exists(String sha256) {
        return find(sha256).isPresent();
    }

    /** Every stored artifact. */
    List<StoredFile> list() {
        return entries(this.files, true);
    }

    /** Uploads that are still arriving or were interrupted. */
    List<StoredFile> partialUploads() {
        return entries(this.temporary, false);
    }

    /** @return whether there was such a file */
    boolean delete(String sha256) {
        requireSha256(sha256);
        return deleteQuietly(this.files.resolve(sha256));
    }

    boolean deletePartialUpload(String name) {
        Path file = this.temporary.resolve(name).normalize();
        if (!file.getParent().equals(this.temporary)) {
            throw new IllegalArgumentException("not a partial upload: " + name);
        }
        return deleteQuietly(file);
    }

    private void touch(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(this.clock.instant()));
    }

    private static List<StoredFile> entries(Path directory, boolean artifactsOnly) {
        List<StoredFile> entries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (artifactsOnly && !SHA256.matcher(name).matches()) {
                    continue;
                }
                try {
                    entries.add(new StoredFile(name, Files.getLastModifiedTime(file).toInstant()));
                }
                catch (NoSuchFileException ex) {
                    // deleted meanwhile
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot list " + directory, ex);
        }
        return entries;
    }

    private static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot delete " + file, ex);
        }
    }

    private static void requireSha256(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 (64 lower-case hex digits): " + sha256);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
    }

    /** The content is larger than the limit. */
    static final class TooLargeException extends IOException {

        private final long maxSize;

        TooLargeException(long maxSize) {
            super("the artifact is larger than " + maxSize + " bytes");
            this.maxSize = maxSize;
        }

        long maxSize() {
            return this.maxSize;
        }

    }

    /** The content's SHA-256 is not the one it was stored under. */
    static final class HashMismatchException extends IOException {

        private final String expected;

        private final String actual;

        private final long size;

        HashMismatchException(String expected, String actual, long size) {
            super("the content's SHA-256 is " + actual + ", not " + expected);
            this.expected = expected;
            this.actual = actual;
            this.size = size;
        }

        String expected() {
            return this.expected;
        }

        String actual() {
            return this.actual;
        }

        long size() {
            return this.size;
        }

    }

}
