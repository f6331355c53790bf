package io.iotdeploy.system.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deploy requests a user must not get through, sent to the real gateway for a real device: container settings
 * the administrator's policy does not allow (403 before anything is built or touched), settings smuggled in
 * under other names (400), a base image name past Docker's length limits (400, not the registry's 500), and uploads
 * that are not a harmless application (zip bomb, zip slip, not a jar, too big). After each, nothing of that name
 * exists on the device.
 */
class HostileDeployIntegrationTests {

    @TempDir
    static Path dir;

    static TestWorld world;

    static TestWorld.Device device;

    static TestGateway mallory;

    static Path jar;

    @BeforeAll
    static void registerDevice() throws Exception {
        world = TestWorld.load();
        device = world.device(1);
        mallory = TestGateway.asAdmin().user("mallory");
        TestGateway.Response registered = mallory.post("/api/devices",
                Map.of("address", device.address(), "port", device.apiPort()));
        assertThat(registered.status()).as(registered.toString()).isIn(201, 409);
        jar = TestApps.helloServerJar(dir, "mallory's app");
    }

    @Test
    void containerSettingsThePolicyDoesNotAllowAreRefusedBeforeAnythingHappens() throws Exception {
        Map<String, String[]> forbidden = new LinkedHashMap<>();
        forbidden.put("privileged mode", new String[] { "privileged", "true" });
        forbidden.put("capability SYS_ADMIN", new String[] { "capAdd", "SYS_ADMIN" });
        forbidden.put("capability NET_ADMIN", new String[] { "capAdd", "NET_ADMIN" });
        forbidden.put("all capabilities", new String[] { "capAdd", "ALL" });
        forbidden.put("device /dev/mem", new String[] { "devices", "/dev/mem" });
        forbidden.put("device /dev/sda as another name", new String[] { "devices", "/dev/sda:/dev/xvda" });
        forbidden.put("bind mount of /", new String[] { "binds", "/:/host" });
        forbidden.put("bind mount of /etc read-only", new String[] { "binds", "/etc:/etc:ro" });
        forbidden.put("bind mount of the Docker socket", new String[] { "binds", "/var/run/docker.sock:/run/docker.sock" });
        forbidden.put("host PID namespace", new String[] { "hostPid", "true" });
        forbidden.put("host IPC namespace", new String[] { "hostIpc", "true" });
        forbidden.put("network mode none", new String[] { "networkConfig", "none" });
        forbidden.put("another container's network", new String[] { "networkConfig", "container:tenant_app" });
        forbidden.put("a custom network", new String[] { "networkConfig", "attackers-net" });
        int i = 0;
        for (Map.Entry<String, String[]> setting : forbidden.entrySet()) {
            String name = "hostile_setting_" + i++;
            Map<String, Object> form = form(name, jar);
            form.put(setting.getValue()[0], setting.getValue()[1]);
            TestGateway.Response response = HostileInputs.refused(getClass(), "container setting: " + setting.getKey(),
                    mallory.upload("/upload", form), 403);
            assertThat(response.json().get("field").asString()).isEqualTo(setting.getValue()[0]);
            assertNothingOnDevice(name);
        }
    }

    @Test
    void settingsSmuggledUnderOtherNamesAreRefused() throws Exception {
        Map<String, String> smuggled = new LinkedHashMap<>();
        smuggled.put("HostConfig", "{\"Privileged\": true}");
        smuggled.put("Privileged", "true");
        smuggled.put("pidMode", "host");
        smuggled.put("CapAdd", "SYS_ADMIN");
        int i = 0;
        for (Map.Entry<String, String> field : smuggled.entrySet()) {
            String name = "hostile_smuggled_" + i++;
            Map<String, Object> form = form(name, jar);
            form.put(field.getKey(), field.getValue());
            HostileInputs.refused(getClass(), "smuggled field " + field.getKey(), mallory.upload("/upload", form), 400);
            assertNothingOnDevice(name);
        }
    }

    @Test
    void aTwoKilobyteImageNameIsA400NamingTheLengthLimitNotARegistryFailure() throws Exception {
        String name = "hostile_long_image";
        Map<String, Object> form = form(name, jar);
        form.put("imageName", "base/" + "j".repeat(2048) + ":17");
        TestGateway.Response refused = HostileInputs.refused(getClass(), "a 2 KB base image name",
                mallory.upload("/upload", form), 400);
        assertThat(refused.json().get("field").asString()).isEqualTo("imageName");
        // the gateway's own refusal, before the upload went to a builder (whose step is "build")
        assertThat(refused.json().get("step").asString()).isEqualTo("upload");
        assertThat(refused.json().get("detail").asString()).contains("at most 255");
        assertNothingOnDevice(name);

        form.put("imageName", "base/java:" + "1".repeat(2048));
        refused = HostileInputs.refused(getClass(), "a 2 KB base image tag", mallory.upload("/upload", form), 400);
        assertThat(refused.json().get("detail").asString()).contains("1 to 128");
        assertNothingOnDevice(name);
    }

    @Test
    void aZipBombIsRefused() throws Exception {
        Path bomb = dir.resolve("bomb.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\r\nMain-Class: Bomb\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int mib = 0; mib < 1100; mib++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(5L * 1024 * 1024);
        refusedUpload("a zip bomb (1.1 GiB of zeros in a few MB)", "hostile_bomb", bomb, 422);
    }

    @Test
    void zipSlipEntriesAreRefused() throws Exception {
        String[] entries = { "../../../../etc/cron.d/evil", "/etc/passwd", "..\\..\\windows\\evil.dll",
                "BOOT-INF/../../escape.class", "C:/evil.class" };
        for (int i = 0; i < entries.length; i++) {
            Path slip = jarWith(dir.resolve("slip" + i + ".jar"), entries[i]);
            refusedUpload("a zip-slip entry " + entries[i], "hostile_slip_" + i, slip, 422);
        }
    }

    @Test
    void filesThatAreNotAnApplicationAreRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.jar"), "this is not a jar, whatever its name says");
        refusedUpload("a text file named .jar", "hostile_text", text, 422);
        Path noManifest = dir.resolve("nomanifest.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(noManifest))) {
            zip.putNextEntry(new ZipEntry("App.class"));
            zip.write(new byte[] { (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE });
        }
        refusedUpload("a jar without a manifest", "hostile_nomanifest", noManifest, 422);
        Path war = dir.resolve("app.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("index.html"));
            zip.write("<p>hi</p>".getBytes(StandardCharsets.UTF_8));
        }
        refusedUpload("a war without WEB-INF", "hostile_war", war, 422);
    }

    @Test
    void anUploadOverTheSizeLimitIsRefused() throws Exception {
        Path big = dir.resolve("big.jar");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(201L * 1024 * 1024);
        }
        refusedUpload("an upload of 201 MB", "hostile_big", big, 413);
    }

    private void refusedUpload(String input, String name, Path file, int status) throws Exception {
        HostileInputs.refused(getClass(), input, mallory.upload("/upload", form(name, file)), status);
        assertNothingOnDevice(name);
    }

    private static Path jarWith(Path file, String entryName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "App");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("App.class"));
            jar.write(new byte[] { (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE });
            jar.putNextEntry(new ZipEntry(entryName));
            jar.write("payload".getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static Map<String, Object> form(String containerName, Path file) {
        Map<String, Object> form = TestGateway.form("ip", device.address(), "networkConfig", "bridge",
                "containerName", containerName, "imageName", "base/java:17", "file", file);
        return form;
    }

    private static void assertNothingOnDevice(String containerName) throws IOException {
        assertThat(world.hasContainer(device, containerName)).as(containerName + " on " + device.name()).isFalse();
    }

}
