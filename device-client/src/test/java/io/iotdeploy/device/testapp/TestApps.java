package io.iotdeploy.device.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Makes real runnable jars of {@link HelloServer} for the tests to deploy. */
public final class TestApps {

    private static final long FIXED_TIME = 1_600_000_000_000L;

    private TestApps() {
    }

    /** A runnable jar whose server answers with {@code greeting}. */
    public static Path helloServerJar(Path dir, String greeting) throws IOException {
        return helloServerJar(dir, greeting, 0);
    }

    /**
     * A runnable jar with {@code paddingBytes} of incompressible content besides the server, for tests and
     * benchmarks that need an application of a realistic size (the thesis used 14 MB).
     */
    public static Path helloServerJar(Path dir, String greeting, int paddingBytes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, HelloServer.class.getName());
        Files.createDirectories(dir);
        Path jar = Files.createTempFile(dir, "hello-server-", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(entry(JarFile.MANIFEST_NAME));
            manifest.write(out);
            out.closeEntry();
            String classFile = HelloServer.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(entry(classFile));
            try (InputStream in = HelloServer.class.getClassLoader().getResourceAsStream(classFile)) {
                in.transferTo(out);
            }
            out.closeEntry();
            out.putNextEntry(entry("greeting.txt"));
            out.write(greeting.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            if (paddingBytes > 0) {
                out.putNextEntry(entry("padding.bin"));
                writeRandom(out, paddingBytes, greeting.hashCode());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Entries with a fixed time: the same greeting makes the same bytes, as an unchanged build would. */
    private static JarEntry entry(String name) {
        JarEntry entry = new JarEntry(name);
        entry.setTime(FIXED_TIME);
        return entry;
    }

    private static void writeRandom(OutputStream out, int bytes, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] buffer = new byte[8192];
        for (int left = bytes; left > 0; left -= buffer.length) {
            random.nextBytes(buffer);
            out.write(buffer, 0, Math.min(left, buffer.length));
        }
    }

}
