package io.iotdeploy.machine.device;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import org.springframework.core.io.ClassPathResource;

/**
 * What the owner of a device runs on it to turn on TLS for its Docker Engine, as one {@code .tar.gz} with one folder:
 * the platform's CA, the device's new certificate and key, the dockerd settings ({@code daemon.json}), an
 * {@code install.sh} that puts them in place, and a README.
 *
 * @param fileName {@code iotdeploy-tls-<device>.tar.gz}
 */
record TlsBundle(String fileName, byte[] content) {

    /** Where install.sh puts the certificates on the device; daemon.json names them there. */
    static final String DEVICE_CERT_DIR = "/etc/docker/iotdeploy";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneOffset.UTC);

    /**
     * @param port       the port dockerd listens on with TLS
     * @param registries the private registries the device pulls from ({@code host:port})
     */
    static TlsBundle of(Device device, IssuedCertificate issued, int port, List<String> registries) {
        String folder = "iotdeploy-tls-" + device.name().replaceAll("[^A-Za-z0-9_.-]", "-");
        String fileName = folder + ".tar.gz";
        Map<String, String> values = new LinkedHashMap<>();
        values.put("@@DEVICE@@", device.name());
        values.put("@@ADDRESS@@", device.address());
        values.put("@@BUNDLE@@", fileName);
        values.put("@@FOLDER@@", folder);
        values.put("@@SERIAL@@", issued.summary().serial());
        values.put("@@EXPIRES@@", DAY.format(issued.summary().expiresAt()));
        values.put("@@REGISTRIES@@", String.join(" ", registries));
        values.put("@@PORT@@", String.valueOf(port));
        values.put("@@LISTEN@@", listenAddress(device));
        values.put("@@AFTERWARDS@@", afterwards(device, port));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Instant now = Instant.now();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry directory = new TarArchiveEntry(folder + "/");
            directory.setMode(0755 | TarArchiveEntry.DEFAULT_DIR_MODE & ~0777);
            directory.setModTime(now.toEpochMilli());
            tar.putArchiveEntry(directory);
            tar.closeArchiveEntry();
            add(tar, folder + "/README.txt", 0644, fill(template("README.txt"), values), now);
            add(tar, folder + "/install.sh", 0755, fill(template("install.sh"), values), now);
            add(tar, folder + "/daemon.json", 0644, daemonJson(device, port), now);
            add(tar, folder + "/ca.pem", 0644, issued.caPem(), now);
            add(tar, folder + "/cert.pem", 0644, issued.certificatePem(), now);
            add(tar, folder + "/key.pem", 0600, issued.keyPem(), now);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("the TLS bundle could not be written", ex);
        }
        return new TlsBundle(fileName, bytes.toByteArray());
    }

    /**
     * dockerd's settings: TLS with client certificates of the platform CA only, on {@code port}, besides the local
     * socket. {@code hosts} replaces the {@code -H} flags that install.sh's systemd drop-in takes away.
     */
    static String daemonJson(Device device, int port) {
        return """
                {
                  "hosts": ["unix:///var/run/docker.sock", "tcp://%s:%d"],
                  "tls": true,
                  "tlsverify": true,
                  "tlscacert": "%s/ca.pem",
                  "tlscert": "%s/cert.pem",
                  "tlskey": "%s/key.pem"
                }
                """.formatted(listenAddress(device), port, DEVICE_CERT_DIR, DEVICE_CERT_DIR, DEVICE_CERT_DIR);
    }

    /** Every address of the device: the platform may reach it by IPv4 or, for an IPv6 literal, by IPv6. */
    private static String listenAddress(Device device) {
        return (device.address().indexOf(':') >= 0) ? "[::]" : "0.0.0.0";
    }

    /** install.sh's last words: what to do in the platform now. Only the name's safe characters reach the shell. */
    private static String afterwards(Device device, int port) {
        String name = device.name().replaceAll("[^A-Za-z0-9_.:-]", "-");
        if (device.insecure()) {
            return "say 'IoT Deploy still reaches " + name + " over plain TCP (port " + device.port() + "): switch it "
                    + "to TLS now,'\nsay 'on its page in the dashboard or with PATCH /api/devices/" + device.id()
                    + " {\"insecure\": false, \"port\": " + port + "}.'";
        }
        return "say 'In IoT Deploy, press Ping on device " + name + ": it is online when the platform reached it "
                + "with TLS.'";
    }

    private static String template(String name) throws IOException {
        try (InputStream in = new ClassPathResource("onboarding/" + name).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String fill(String template, Map<String, String> values) {
        String filled = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace(value.getKey(), value.getValue());
        }
        return filled;
    }

    private static void add(TarArchiveOutputStream tar, String name, int mode, String content, Instant time)
            throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
        entry.setSize(bytes.length);
        entry.setModTime(time.toEpochMilli());
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

}
