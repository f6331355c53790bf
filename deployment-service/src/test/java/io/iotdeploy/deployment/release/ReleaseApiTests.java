package io.iotdeploy.deployment.release;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.iotdeploy.deployment.release.Releases.DIGEST_AMD64;
import static io.iotdeploy.deployment.release.Releases.DIGEST_ARM64;
import static io.iotdeploy.deployment.release.Releases.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The applications, releases and artifacts API as the gateway will call it ({@code /api/applications/**} and
 * {@code /api/artifacts/**} lead here), each caller with the gateway's internal token. Every test has an
 * application name of its own; alice and bob share the service.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "iotdeploy.device-client.machine-service-url=http://127.0.0.1:1",
        "deployment-service.artifacts.max-size=64KB" })
@AutoConfigureRestTestClient
class ReleaseApiTests {

    private final RestTestClient client;

    private final String alice;

    private final String bob;

    private final String anAdministrator;

    @Autowired
    ReleaseApiTests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.alice = tokens.issue("alice", false);
        this.bob = tokens.issue("bob", false);
        this.anAdministrator = tokens.issue("carol", true);
    }

    @Test
    void anArtifactIsUploadedOnceAndAgainWithoutHarm() {
        byte[] jar = Releases.jar("upload once");
        String sha256 = Releases.sha256(jar);

        put(this.alice, "/artifacts/sha256:" + sha256, jar).expectStatus().isCreated()
            .expectHeader().value(HttpHeaders.LOCATION, (location) -> assertThat(location)
                .endsWith("/artifacts/sha256:" + sha256))
            .expectBody()
            .jsonPath("$.sha256").isEqualTo(sha256)
            .jsonPath("$.size").isEqualTo(jar.length);
        put(this.alice, "/artifacts/sha256:" + sha256, jar).expectStatus().isOk();
        // bob's first upload of it
        put(this.bob, "/artifacts/sha256:" + sha256, jar).expectStatus().isCreated();
    }

    @Test
    void anArtifactWhoseContentIsNotItsNameIsRefusedAndNothingIsKept() {
        byte[] jar = Releases.jar("what it is");
        String claimed = Releases.sha256(Releases.jar("what it claims"));

        problem(put(this.alice, "/artifacts/sha256:" + claimed, jar), 400)
            .jsonPath("$.title").isEqualTo("Artifact hash mismatch")
            .jsonPath("$.field").isEqualTo("sha256")
            .jsonPath("$.actual").isEqualTo("sha256:" + Releases.sha256(jar));
        problem(post(this.alice, "/applications/mismatch/releases", Releases.request(Releases.jar("what it claims"),
                Releases.settings("base/java:17"))), 409)
            .jsonPath("$.title").isEqualTo("Artifact not uploaded");
    }

    @Test
    void anArtifactIsNamedBySha256AndSentAsBytesWithinTheLimit() {
        byte[] jar = Releases.jar("bytes");
        String sha256 = Releases.sha256(jar);
        for (String name : List.of(sha256, "sha256:" + sha256.toUpperCase(), "sha256:abc", "md5:" + sha256)) {
            problem(put(this.alice, "/artifacts/" + name, jar), 400).jsonPath("$.field").isEqualTo("sha256");
        }
        problem(this.client.put()
            .uri("/artifacts/sha256:" + sha256)
            .headers((headers) -> headers.setBearerAuth(this.alice))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(jar)
            .exchange(), 415);
        byte[] large = Releases.jar("z".repeat(70 * 1024));
        problem(put(this.alice, "/artifacts/sha256:" + Releases.sha256(large), large), 413)
            .jsonPath("$.title").isEqualTo("Artifact too large")
            .jsonPath("$.maxSize").isEqualTo(64 * 1024);
    }

    @Test
    void aReleaseIsMadeOnceAndTheSameArtifactWithTheSameSettingsIsThatRelease() {
        byte[] jar = upload(this.alice, "first");
        Map<String, Object> first = release(jar, Map.of("baseImage", "base/java:17", "ports", List.of("8080:8000"),
                "env", List.of("PORT=8000")), "commit 1a2b3c");

        post(this.alice, "/applications/unchanged/releases", first).expectStatus().isCreated()
            .expectHeader().value(HttpHeaders.LOCATION, (location) -> assertThat(location)
                .endsWith("/applications/unchanged/releases/1"))
            .expectBody()
            .jsonPath("$.application").isEqualTo("unchanged")
            .jsonPath("$.number").isEqualTo(1)
            .jsonPath("$.artifact.sha256").isEqualTo(Releases.sha256(jar))
            .jsonPath("$.artifact.kind").isEqualTo("jar")
            .jsonPath("$.settings.baseImage").isEqualTo("base/java:17")
            .jsonPath("$.settings.ports[0]").isEqualTo("8080:8000/tcp")
            .jsonPath("$.settings.networkMode").isEqualTo("bridge")
            .jsonPath("$.settings.privileged").isEqualTo(false)
            .jsonPath("$.images[0].platform").isEqualTo("linux/amd64")
            .jsonPath("$.createdBy").isEqualTo("alice")
            .jsonPath("$.note").isEqualTo("commit 1a2b3c");

        // the defaults sent, the protocol written out, another note: the same release
        Map<String, Object> same = release(jar, Map.of("baseImage", "base/java:17", "ports", List.of("8080:8000/tcp"),
                "env", List.of("PORT=8000"), "networkMode", "bridge", "privileged", false, "capAdd", List.of()),
                "commit 4d5e6f");
        post(this.alice, "/applications/unchanged/releases", same).expectStatus().isOk()
            .expectHeader().value(HttpHeaders.CONTENT_LOCATION, (location) -> assertThat(location)
                .endsWith("/applications/unchanged/releases/1"))
            .expectBody()
            .jsonPath("$.number").isEqualTo(1)
            .jsonPath("$.note").isEqualTo("commit 1a2b3c");

        Map<String, Object> changed = release(jar, Map.of("baseImage", "base/java:17", "ports", List.of("8080:8000"),
                "env", List.of("PORT=8001")), null);
        post(this.alice, "/applications/unchanged/releases", changed).expectStatus().isCreated()
            .expectBody().jsonPath("$.number").isEqualTo(2);

        get(this.alice, "/applications/unchanged/releases").expectStatus().isOk().expectBody()
            .jsonPath("$.length()").isEqualTo(2)
            .jsonPath("$[0].number").isEqualTo(2)
            .jsonPath("$[0].settings.env[0]").isEqualTo("PORT=8001")
            .jsonPath("$[1].number").isEqualTo(1)
            .jsonPath("$[1].note").isEqualTo("commit 1a2b3c");
        get(this.alice, "/applications/unchanged").expectStatus().isOk().expectBody()
            .jsonPath("$.name").isEqualTo("unchanged")
            .jsonPath("$.owner").isEqualTo("alice")
            .jsonPath("$.latestRelease").isEqualTo(2);
        get(this.alice, "/applications").expectStatus().isOk().expectBody()
            .jsonPath("$[?(@.name == 'unchanged')].latestRelease").isEqualTo(2);
        get(this.alice, "/applications/unchanged/releases/1").expectStatus().isOk().expectBody()
            .jsonPath("$.settings.env[0]").isEqualTo("PORT=8000");
    }

    @Test
    void aLookupSaysWhetherAnUploadIsUnchangedBeforeAnythingIsBuilt() {
        byte[] jar = upload(this.alice, "looked up");
        post(this.alice, "/applications/looked-up/releases", release(jar, Map.of("baseImage", "base/java:17"), null))
            .expectStatus().isCreated();

        post(this.alice, "/applications/looked-up/releases/lookup", Map.of("artifact",
                Map.of("sha256", "sha256:" + Releases.sha256(jar)), "settings",
                Map.of("baseImage", "base/java:17", "hostPid", false))).expectStatus().isOk()
            .expectBody().jsonPath("$.number").isEqualTo(1);
        problem(post(this.alice, "/applications/looked-up/releases/lookup", Map.of("artifact",
                Map.of("sha256", Releases.sha256(jar)), "settings", Map.of("baseImage", "base/java:21"))), 404)
            .jsonPath("$.title").isEqualTo("No such release")
            .jsonPath("$.artifact").isEqualTo("sha256:" + Releases.sha256(jar));
        problem(post(this.alice, "/applications/never-released/releases/lookup", Map.of("artifact",
                Map.of("sha256", Releases.sha256(jar)), "settings", Map.of("baseImage", "base/java:17"))), 404)
            .jsonPath("$.title").isEqualTo("Unknown application");
        problem(post(this.alice, "/applications/looked-up/releases/lookup", Map.of("artifact",
                Map.of("sha256", "nope"), "settings", Map.of("ports", List.of("x")), "note", "n")), 400)
            .jsonPath("$.errors[*].field").isEqualTo(List.of("note", "artifact.sha256", "settings.baseImage",
                    "settings.ports"));
    }

    @Test
    void anotherOwnersApplicationsReleasesAndArtifactsAreNotThere() {
        byte[] jar = upload(this.alice, "alice's");
        post(this.alice, "/applications/private/releases", release(jar, Map.of("baseImage", "base/java:17"), null))
            .expectStatus().isCreated();

        for (String token : List.of(this.bob, this.anAdministrator)) {
            problem(get(token, "/applications/private"), 404).jsonPath("$.title").isEqualTo("Unknown application");
            problem(get(token, "/applications/private/releases"), 404);
            problem(get(token, "/applications/private/releases/1"), 404);
            problem(post(token, "/applications/private/releases/lookup", Map.of("artifact",
                    Map.of("sha256", Releases.sha256(jar)), "settings", Map.of("baseImage", "base/java:17"))), 404);
            problem(put(token, "/applications/private/releases/1/images/linux/arm64",
                    Map.of("image", REGISTRY + "/alice/sensor:1-arm64", "digest", DIGEST_ARM64)), 404);
            problem(get(token, "/artifacts/sha256:" + Releases.sha256(jar)), 404)
                .jsonPath("$.title").isEqualTo("Unknown artifact");
            get(token, "/applications").expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == 'private')]").isEmpty();
        }
        // bob knows the hash, but has not uploaded the file: his release may not reference alice's upload
        problem(post(this.bob, "/applications/private/releases", release(jar, Map.of("baseImage", "base/java:17"),
                null)), 409)
            .jsonPath("$.field").isEqualTo("artifact.sha256")
            .jsonPath("$.artifact").isEqualTo("sha256:" + Releases.sha256(jar));

        byte[] read = get(this.alice, "/artifacts/sha256:" + Releases.sha256(jar)).expectStatus().isOk()
            .expectHeader().contentType(MediaType.APPLICATION_OCTET_STREAM)
            .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(read).isEqualTo(jar);
    }

    @Test
    void anUnknownReleaseIsA404AndAReleaseNumberIsANumber() {
        byte[] jar = upload(this.alice, "numbers");
        post(this.alice, "/applications/numbers/releases", release(jar, Map.of("baseImage", "base/java:17"), null))
            .expectStatus().isCreated();

        problem(get(this.alice, "/applications/numbers/releases/2"), 404).jsonPath("$.title")
            .isEqualTo("Unknown release")
            .jsonPath("$.release").isEqualTo(2);
        problem(get(this.alice, "/applications/numbers/releases/latest"), 400);
        problem(get(this.alice, "/applications/-bad name"), 400).jsonPath("$.field").isEqualTo("name");
    }

    @Test
    void everyMistakeOfANewReleaseIsNamedAndNoApplicationIsMade() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("artifact", Map.of("sha256", "abc", "size", -1, "kind", "ear"));
        body.put("settings", Map.of("baseImage", "base/java:17", "ports", List.of("80:80"), "networkMode", "host",
                "HostConfig", Map.of("Privileged", true)));
        body.put("image", REGISTRY + "/alice/sensor");
        body.put("images", List.of(Map.of("platform", "amd64", "image", REGISTRY + "/alice/sensor:1", "digest", "x")));

        problem(post(this.alice, "/applications/mistakes/releases", body), 400)
            .jsonPath("$.title").isEqualTo("Invalid release")
            .jsonPath("$.field").isEqualTo("artifact.sha256")
            .jsonPath("$.errors[*].field").isEqualTo(List.of("artifact.sha256", "artifact.size", "artifact.kind",
                    "settings.ports", "settings.HostConfig", "image", "images[0].platform", "images[0].digest"));
        problem(get(this.alice, "/applications/mistakes"), 404);
        problem(post(this.alice, "/applications/mistakes/releases", "{not json"), 400);
    }

    @Test
    void aSettingThePolicyDoesNotAllowIsRefusedBeforeAnythingIsMade() {
        byte[] jar = upload(this.alice, "privileged");

        problem(post(this.alice, "/applications/privileged/releases", release(jar, Map.of("baseImage",
                "base/java:17", "privileged", true, "devices", List.of("/dev/ttyUSB0")), null)), 403)
            .jsonPath("$.title").isEqualTo("Container setting not allowed")
            .jsonPath("$.field").isEqualTo("privileged")
            .jsonPath("$.step").isEqualTo("release")
            .jsonPath("$.application").isEqualTo("privileged")
            .jsonPath("$.violations.length()").isEqualTo(2);
        problem(get(this.alice, "/applications/privileged"), 404);
    }

    @Test
    void aPlatformImageIsAddedOnceAndNeverChanged() {
        byte[] jar = upload(this.alice, "platforms");
        Map<String, Object> body = release(jar, Map.of("baseImage", "base/java:17"), null);
        post(this.alice, "/applications/platforms/releases", body).expectStatus().isCreated();
        String image = (String) body.get("image");

        put(this.alice, "/applications/platforms/releases/1/images/linux/arm64", Map.of("image", image + "-arm64",
                "digest", DIGEST_ARM64)).expectStatus().isCreated()
            .expectBody()
            .jsonPath("$.images[*].platform").isEqualTo(List.of("linux/amd64", "linux/arm64"))
            .jsonPath("$.images[1].digest").isEqualTo(DIGEST_ARM64);
        put(this.alice, "/applications/platforms/releases/1/images/linux/arm64", Map.of("image", image + "-arm64",
                "digest", DIGEST_ARM64)).expectStatus().isOk();
        problem(put(this.alice, "/applications/platforms/releases/1/images/linux/arm64", Map.of("image",
                image + "-arm64", "digest", "sha256:" + "c".repeat(64))), 409)
            .jsonPath("$.title").isEqualTo("Release image conflict")
            .jsonPath("$.platform").isEqualTo("linux/arm64")
            .jsonPath("$.digest").isEqualTo(DIGEST_ARM64);
        problem(put(this.alice, "/applications/platforms/releases/1/images/linux/amd64", Map.of("image",
                image + "-amd64", "digest", DIGEST_ARM64)), 409);
        put(this.alice, "/applications/platforms/releases/1/images/linux/arm/v7", Map.of("image", image + "-arm-v7",
                "digest", "sha256:" + "d".repeat(64))).expectStatus().isCreated();
        problem(put(this.alice, "/applications/platforms/releases/1/images/linux/riscv64", Map.of("image",
                REGISTRY + "/alice/elsewhere:1", "digest", "sha256:" + "e".repeat(64))), 400)
            .jsonPath("$.field").isEqualTo("image");
        problem(put(this.alice, "/applications/platforms/releases/9/images/linux/riscv64", Map.of("image",
                image + "-riscv64", "digest", "sha256:" + "e".repeat(64))), 404);

        get(this.alice, "/applications/platforms/releases/1").expectStatus().isOk().expectBody()
            .jsonPath("$.images[*].platform").isEqualTo(List.of("linux/amd64", "linux/arm/v7", "linux/arm64"))
            .jsonPath("$.images[0].digest").isEqualTo(DIGEST_AMD64);
    }

    private byte[] upload(String token, String content) {
        byte[] jar = Releases.jar(content);
        put(token, "/artifacts/sha256:" + Releases.sha256(jar), jar).expectStatus().is2xxSuccessful();
        return jar;
    }

    private static Map<String, Object> release(byte[] jar, Map<String, Object> settings, String note) {
        String image = REGISTRY + "/alice/sensor:" + Releases.sha256(jar).substring(0, 16);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("artifact", Map.of("sha256", Releases.sha256(jar), "size", jar.length, "kind", "jar"));
        body.put("settings", settings);
        body.put("image", image);
        body.put("images", List.of(Map.of("platform", "linux/amd64", "image", image + "-amd64", "digest",
                DIGEST_AMD64)));
        if (note != null) {
            body.put("note", note);
        }
        return body;
    }

    private RestTestClient.ResponseSpec get(String token, String path) {
        return this.client.get().uri(path).headers((headers) -> headers.setBearerAuth(token)).exchange();
    }

    private RestTestClient.ResponseSpec post(String token, String path, Object body) {
        return this.client.post()
            .uri(path)
            .headers((headers) -> headers.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange();
    }

    private RestTestClient.ResponseSpec put(String token, String path, Object body) {
        return this.client.method(HttpMethod.PUT)
            .uri(path)
            .headers((headers) -> headers.setBearerAuth(token))
            .contentType((body instanceof byte[]) ? MediaType.APPLICATION_OCTET_STREAM : MediaType.APPLICATION_JSON)
            .body(body)
            .exchange();
    }

    private static RestTestClient.BodyContentSpec problem(RestTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody();
    }

}
