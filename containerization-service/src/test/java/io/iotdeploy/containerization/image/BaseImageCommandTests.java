package io.iotdeploy.containerization.image;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.iotdeploy.containerization.image.InProcessRegistry.Request;
import io.iotdeploy.device.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's base image command end to end against a registry stand-in over HTTPS: what it pushes, as whom,
 * whom it trusts, and what it prints for {@code scripts/base-images.sh}.
 */
class BaseImageCommandTests {

    private static final String PASSWORD = "builder-password-of-the-test";

    private static final String BUILDER = "Basic " + Base64.getEncoder()
        .encodeToString(("iotdeploy-builder:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path tls;

    @TempDir
    Path dir;

    private Path state;

    private InProcessRegistry registry;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void registryCertificate() {
        InProcessRegistry.issueTls(tls);
    }

    @BeforeEach
    void stateFolderAndRegistry() throws Exception {
        this.registry = new InProcessRegistry(tls, BUILDER);
        this.state = Files.createDirectories(this.dir.resolve("state"));
        Files.createDirectories(this.state.resolve("pki"));
        Files.copy(this.registry.caFile(), this.state.resolve("pki/ca.pem"));
        Files.createDirectories(this.state.resolve("secrets"));
        Files.writeString(this.state.resolve("secrets/registry-builder.password"), PASSWORD + "\n");
    }

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void pushPutsTheLayerTheConfigAndTheManifestAsTheBuilder() throws Exception {
        Path rootfs = TestRootfs.write(this.dir.resolve("java-17-arm64.tar"));

        assertThat(run("push", this.registry.address(), "base/java", "17-arm64", "arm64", rootfs.toString())).isZero();

        JsonNode manifest = this.registry.manifestJson("base/java", "17-arm64");
        assertThat(this.registry.manifest("base/java", "17-arm64").mediaType())
            .isEqualTo(RegistryClient.DOCKER_MANIFEST);
        String digest = RegistryClient.sha256(this.registry.manifest("base/java", "17-arm64").body());
        assertThat(out()).isEqualTo(this.registry.address() + "/base/java:17-arm64 linux/arm64 -> " + digest + "\n");
        assertThat(err()).isEmpty();
        byte[] layer = this.registry.blob(manifest.path("layers").get(0).path("digest").asString());
        assertThat(TestRootfs.gunzip(layer)).isEqualTo(Files.readAllBytes(rootfs));
        JsonNode config = JsonMapper.shared()
            .readTree(this.registry.blob(manifest.path("config").path("digest").asString()));
        assertThat(config.path("architecture").asString()).isEqualTo("arm64");
        assertThat(config.path("rootfs").path("diff_ids").get(0).asString())
            .isEqualTo(RegistryClient.sha256(Files.readAllBytes(rootfs)));
        assertThat(this.registry.requests()).filteredOn((request) -> !request.method().equals("GET")
                && !request.method().equals("HEAD")).extracting(Request::authorization).containsOnly(BUILDER);
        // the layer file made beside the root file system is gone again
        try (var files = Files.list(this.dir)) {
            assertThat(files.map((file) -> file.getFileName().toString())).noneMatch((name) -> name.endsWith(".gz"));
        }
    }

    @Test
    void aSecondPushOfTheSameRootFileSystemUploadsNoBlobAgain() throws Exception {
        Path rootfs = TestRootfs.write(this.dir.resolve("java-17-amd64.tar"));
        assertThat(run("push", this.registry.address(), "base/java", "17-amd64", "amd64", rootfs.toString())).isZero();
        int uploads = uploads();

        assertThat(run("push", this.registry.address(), "base/java", "17-amd64", "amd64", rootfs.toString())).isZero();

        assertThat(uploads).isEqualTo(2);
        assertThat(uploads()).isEqualTo(uploads);
    }

    @Test
    void aMarkerMakesALayerTheRegistryHasNotSeen() throws Exception {
        Path rootfs = TestRootfs.write(this.dir.resolve("java-17-amd64.tar"));
        assertThat(run("push", this.registry.address(), "base/java", "17", "amd64", rootfs.toString())).isZero();

        assertThat(run("push", this.registry.address(), "base/bench-java-1", "17", "amd64", rootfs.toString(),
                "benchmark 1")).isZero();

        String plain = this.registry.manifestJson("base/java", "17").path("layers").get(0).path("digest").asString();
        String marked = this.registry.manifestJson("base/bench-java-1", "17").path("layers").get(0).path("digest")
            .asString();
        assertThat(marked).isNotEqualTo(plain);
        assertThat(TestRootfs.entries(TestRootfs.gunzip(this.registry.blob(marked))))
            .containsEntry(BaseImageLayer.MARKER_FILE, "benchmark 1\n");
    }

    @Test
    void indexMakesOneManifestListWithThePlatformsTheConfigsName() throws Exception {
        for (String arch : List.of("arm64", "amd64")) {
            Path rootfs = TestRootfs.write(this.dir.resolve("java-17-" + arch + ".tar"));
            assertThat(run("push", this.registry.address(), "base/java", "17-" + arch, arch, rootfs.toString()))
                .isZero();
        }
        this.out.reset();

        assertThat(run("index", this.registry.address(), "base/java", "17", "17-amd64", "17-arm64")).isZero();

        InProcessRegistry.Stored list = this.registry.manifest("base/java", "17");
        assertThat(list.mediaType()).isEqualTo(RegistryClient.DOCKER_MANIFEST_LIST);
        assertThat(out()).isEqualTo(this.registry.address() + "/base/java:17 -> " + RegistryClient.sha256(list.body())
                + " (amd64, arm64)\n");
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : JsonMapper.shared().readTree(list.body()).path("manifests").values()) {
            InProcessRegistry.Stored image = this.registry.manifest("base/java", entry.path("digest").asString());
            assertThat(entry.path("mediaType").asString()).isEqualTo(RegistryClient.DOCKER_MANIFEST);
            assertThat(entry.path("size").asLong()).isEqualTo(image.body().length);
            entries.add(entry.path("platform").path("os").asString() + "/"
                    + entry.path("platform").path("architecture").asString());
        }
        assertThat(entries).containsExactly("linux/amd64", "linux/arm64");
    }

    @Test
    void indexRefusesAMissingSourceAndOneThatIsNoSingleImage() throws Exception {
        Path rootfs = TestRootfs.write(this.dir.resolve("java-17-amd64.tar"));
        assertThat(run("push", this.registry.address(), "base/java", "17-amd64", "amd64", rootfs.toString())).isZero();
        assertThat(run("index", this.registry.address(), "base/java", "17", "17-amd64")).isZero();

        assertThat(run("index", this.registry.address(), "base/java", "18", "17-riscv64")).isEqualTo(1);
        assertThat(err()).contains("base image index failed: ").contains("has no base/java:17-riscv64");

        assertThat(run("index", this.registry.address(), "base/java", "19", "17")).isEqualTo(1);
        assertThat(err()).contains("base/java:17 is not a single-platform image manifest");

        assertThat(run("index", this.registry.address(), "base/java", "20", "17-amd64", "17-amd64")).isEqualTo(1);
        assertThat(err()).contains("a second image for linux/amd64");
        assertThat(this.registry.manifest("base/java", "18")).isNull();
    }

    @Test
    void aRegistryWithACertificateOfAnotherCaIsNotTrusted() throws Exception {
        Path rootfs = TestRootfs.write(this.dir.resolve("java-17-amd64.tar"));
        Files.writeString(this.state.resolve("pki/ca.pem"), Files.readString(TestPki.newCa("another CA")
            .issueServer(this.dir.resolve("other"), "other", "127.0.0.1").resolve("ca.pem")));

        assertThat(run("push", this.registry.address(), "base/java", "17-amd64", "amd64", rootfs.toString()))
            .isEqualTo(1);

        assertThat(err()).startsWith("base image push failed: TLS with " + this.registry.address() + ": ")
            .contains("trusting only the CA in " + this.state.resolve("pki/ca.pem"));
        assertThat(this.registry.requests()).isEmpty();
    }

    @Test
    void aWrongPasswordIsRefusedByTheRegistryAndNamedInTheError() throws Exception {
        Path rootfs = TestRootfs.write(this.dir.resolve("java-17-amd64.tar"));
        Files.writeString(this.state.resolve("secrets/registry-builder.password"), "not the password");

        assertThat(run("push", this.registry.address(), "base/java", "17-amd64", "amd64", rootfs.toString()))
            .isEqualTo(1);

        assertThat(err()).contains("answered 401").doesNotContain("not the password");
        assertThat(this.registry.manifest("base/java", "17-amd64")).isNull();
    }

    @Test
    void aRegistryThatIsNotThereIsNamed() throws Exception {
        Path rootfs = TestRootfs.write(this.dir.resolve("java-17-amd64.tar"));
        String gone = this.registry.address();
        this.registry.close();

        assertThat(run("push", gone, "base/java", "17-amd64", "amd64", rootfs.toString())).isEqualTo(1);

        assertThat(err()).startsWith("base image push failed: the registry " + gone + " cannot be reached");
    }

    @Test
    void wrongArgumentsGetTheUsage() throws Exception {
        Path rootfs = TestRootfs.write(this.dir.resolve("java-17-amd64.tar"));
        String registryAddress = this.registry.address();
        List<List<String>> wrong = List.of(List.of(), List.of("pull"), List.of("push", registryAddress),
                List.of("push", registryAddress, "base/java", "17", "amd64"),
                List.of("push", registryAddress, "base/java", "17", "AMD 64", rootfs.toString()),
                List.of("push", registryAddress, "base/java", "17", "amd64", rootfs.toString(), "marker", "more"),
                List.of("index", registryAddress, "base/java", "17"),
                List.of("index", registryAddress, "base/java", "17", ""));
        for (List<String> args : wrong) {
            this.err.reset();
            assertThat(BaseImageCommand.run(args, Map.of("IOTDEPLOY_STATE", this.state.toString()), print(this.out),
                    print(this.err))).as("%s", args).isEqualTo(2);
            assertThat(err()).as("%s", args)
                .contains("usage: BaseImageCommand push REGISTRY REPOSITORY TAG ARCH ROOTFS_TAR [MARKER]")
                .contains("BaseImageCommand index REGISTRY REPOSITORY TAG SOURCE_TAG...");
        }
        assertThat(out()).isEmpty();
        assertThat(this.registry.requests()).isEmpty();
    }

    @Test
    void withoutTheStateFolderOrTheRootFileSystemNothingIsPushed() throws Exception {
        List<String> push = List.of("push", this.registry.address(), "base/java", "17-amd64", "amd64",
                this.dir.resolve("missing.tar").toString());

        assertThat(BaseImageCommand.run(push, Map.of(), print(this.out), print(this.err))).isEqualTo(1);
        assertThat(err()).contains("set IOTDEPLOY_STATE");

        this.err.reset();
        assertThat(run(push.toArray(String[]::new))).isEqualTo(1);
        assertThat(err()).isEqualTo("base image push failed: no such file: " + this.dir.resolve("missing.tar") + "\n");
        assertThat(this.registry.requests()).isEmpty();
    }

    private int run(String... args) {
        return BaseImageCommand.run(List.of(args), Map.of("IOTDEPLOY_STATE", this.state.toString()), print(this.out),
                print(this.err));
    }

    private int uploads() {
        return (int) this.registry.requests().stream().filter((request) -> request.method().equals("POST")).count();
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return this.out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return this.err.toString(StandardCharsets.UTF_8);
    }

}
