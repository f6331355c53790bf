package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import io.iotdeploy.device.testapp.TestApps;
import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The request checks of {@code POST /images}, through the whole service: each refusal is a problem detail naming
 * the step and what was wrong, and none needs a registry (the private registry configured here does not exist, which
 * is the last case).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "containerization-service.private-registry=127.0.0.1:9",
        "containerization-service.registry-login.password=not-a-real-password",
        "spring.servlet.multipart.max-file-size=100KB", "spring.servlet.multipart.max-request-size=100KB" })
@AutoConfigureRestTestClient
class ImageRequestTests {

    private final RestTestClient client;

    private final InternalTokens tokens;

    @TempDir
    Path dir;

    @Autowired
    ImageRequestTests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    @Test
    void anotherPlatformIsRefused() throws IOException {
        MultiValueMap<String, Object> form = form(jar(), "app", "base/java:17", "linux/arm64");
        post(form).expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.step").isEqualTo("upload")
            .jsonPath("$.detail").value((String detail) -> detail.contains("linux/amd64"));
    }

    @Test
    void aMalformedBaseImageIsRefusedNamingIt() throws IOException {
        post(form(jar(), "app", "Base/Java:17", "linux/amd64")).expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Invalid base image")
            .jsonPath("$.image").isEqualTo("Base/Java:17")
            .jsonPath("$.step").isEqualTo("upload");
    }

    @Test
    void anInjectedInstructionIsRefused() throws IOException {
        MultiValueMap<String, Object> form = form(jar(), "app", "base/java:17", "linux/amd64");
        form.add("runCommands", "echo hi\nFROM scratch");
        post(form).expectStatus().isBadRequest()
            .expectBody()
            .jsonPath("$.title").isEqualTo("Invalid run commands")
            .jsonPath("$.detail").value((String detail) -> detail.contains("FROM scratch"));
    }

    @Test
    void aTextFileNamedAppJarIsRefused() throws IOException {
        Path text = Files.writeString(this.dir.resolve("app.jar"), "just text");
        post(form(text, "app", "base/java:17", "linux/amd64")).expectStatus().isEqualTo(422)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Upload refused")
            .jsonPath("$.rule").isEqualTo("not-a-zip")
            .jsonPath("$.step").isEqualTo("upload");
    }

    /** Refused before anything is built or pushed: the registry configured here does not exist (502 otherwise). */
    @Test
    void aZipSlipEntryIsRefusedNamingTheEntryAndTheRule() throws IOException {
        Path jar = this.dir.resolve("slip.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.example.Main");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new ZipEntry("../../etc/cron.d/evil"));
            out.write("* * * * * root sh\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        post(form(jar, "app", "base/java:17", "linux/amd64")).expectStatus().isEqualTo(422)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Upload refused")
            .jsonPath("$.entry").isEqualTo("../../etc/cron.d/evil")
            .jsonPath("$.rule").isEqualTo("zip-slip-parent-segment")
            .jsonPath("$.step").isEqualTo("upload");
    }

    @Test
    void anInvalidNameIsRefused() throws IOException {
        post(form(jar(), "../../etc", "base/java:17", "linux/amd64")).expectStatus().isBadRequest()
            .expectBody().jsonPath("$.title").isEqualTo("Invalid application name");
    }

    @Test
    void aMissingFileIsAProblemOfTheUpload() {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("name", "app");
        form.add("baseImage", "base/java:17");
        form.add("platform", "linux/amd64");
        post(form).expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.step").isEqualTo("upload");
    }

    @Test
    void anUploadOverTheLimitIsRefused() throws IOException {
        Path big = TestApps.helloServerJar(this.dir, "big", 200 * 1024);
        post(form(big, "app", "base/java:17", "linux/amd64")).expectStatus().isEqualTo(413)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.step").isEqualTo("upload");
    }

    @Test
    void withoutTheGatewaysTokenNothingIsBuilt() throws IOException {
        this.client.post().uri("/images").contentType(MediaType.MULTIPART_FORM_DATA)
            .body(form(jar(), "app", "base/java:17", "linux/amd64"))
            .exchange()
            .expectStatus().isUnauthorized();
    }

    @Test
    void anUnreachablePrivateRegistryIsABadGatewayInThePushStep() throws IOException {
        post(form(jar(), "app", "base/java:17", "linux/amd64")).expectStatus().isEqualTo(502)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.step").isEqualTo("push")
            .jsonPath("$.image").value((String image) -> image.startsWith("127.0.0.1:9/tester/app:"));
    }

    private Path jar() throws IOException {
        return TestApps.helloServerJar(this.dir, "hello");
    }

    private static MultiValueMap<String, Object> form(Path file, String name, String baseImage, String platform) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new FileSystemResource(file));
        form.add("name", name);
        form.add("baseImage", baseImage);
        form.add("platform", platform);
        return form;
    }

    private RestTestClient.ResponseSpec post(MultiValueMap<String, Object> form) {
        return this.client.post().uri("/images")
            .headers((headers) -> headers.setBearerAuth(this.tokens.issue("tester", false)))
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(form)
            .exchange();
    }

}
