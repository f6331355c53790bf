package io.iotdeploy.deployment.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.iotdeploy.deployment.settings.HealthProbe;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The health probe as the tar archive the Engine's {@code PUT /containers/{id}/archive} takes, extracted at
 * {@code /}: {@link HealthProbe#DIRECTORY} with the probe's one class file in its package's folders, readable by
 * any user the image runs as. Made once, a few kilobytes.
 */
final class HealthProbes {

    private static volatile byte[] archive;

    private HealthProbes() {
    }

    static byte[] archive() {
        byte[] made = archive;
        if (made == null) {
            made = make();
            archive = made;
        }
        return made;
    }

    private static byte[] make() {
        String classFile = HealthProbe.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = HealthProbe.class.getClassLoader().getResourceAsStream(classFile)) {
            if (in == null) {
                throw new IllegalStateException(classFile + " is not on the class path");
            }
            bytes = in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            String root = HealthProbe.DIRECTORY.substring(1);
            StringBuilder folder = new StringBuilder();
            for (String part : (root + "/" + classFile).split("/")) {
                if (part.endsWith(".class")) {
                    break;
                }
                folder.append(part).append('/');
                TarArchiveEntry entry = new TarArchiveEntry(folder.toString());
                entry.setMode(040755);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry entry = new TarArchiveEntry(root + "/" + classFile);
            entry.setMode(0100644);
            entry.setSize(bytes.length);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
            tar.finish();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

}
