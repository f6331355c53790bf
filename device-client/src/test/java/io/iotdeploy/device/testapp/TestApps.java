package io.iotdeploy.device.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Makes real runnable jars of {@link HelloServer} for the tests to deploy. */
public final class TestApps {

    private static final long FIXED_TIME = 1_600_000_000_000L;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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

    /**
     * What a deployed {@link HelloServer} answers on {@code uri}, once its JVM is up: until then the port refuses,
     * or (behind a virtual machine's forward) accepts and closes.
     */
    public static String awaitAnswer(URI uri, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            }
            catch (IOException ex) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the application does not answer on " + uri + " within " + patience);
            }
            Thread.sleep(500);
        }
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
