package io.iotdeploy.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

class DeployFlowTests extends GatewayTestSupport {

    static final String JAR = "PK\u0003\u0004 not really a jar, but bytes the builder must receive as they are";

    static final String IMAGE = "10.77.0.1:5000/alice/sensor:1a2b3c4d5e6f7a8b";

    /** The thesis' upload form for the device at 10.77.0.11. */
    static MultiValueMap<String, Object> form(String containerName) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("ip", "10.77.0.11");
        form.add("networkConfig", "bridge");
        form.add("containerName", containerName);
        form.add("imageName", "base/java:17");
        form.add("file", new ByteArrayResource(JAR.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "sensor.jar";
            }
        });
        return form;
    }

    static String device(int id, String name, String address, String state, String platform) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"address\":\"" + address + "\",\"port\":2375,"
                + "\"dockerHost\":\"tcp://" + address + ":2375\",\"state\":\"" + state + "\","
                + "\"architecture\":\"x86_64\",\"platform\":\"" + platform + "\",\"cpus\":2}";
    }

    static void builds(FakeService builder, String platform) {
        builder.answerJson("POST", "/images", 200, "{\"image\":\"" + IMAGE + "\",\"platformImage\":\"" + IMAGE
                + "\",\"digest\":\"sha256:1234\","
                + "\"platform\":\"" + platform + "\",\"built\":true,\"pushed\":true,\"layersPushed\":1,"
                + "\"buildMillis\":120,\"pushMillis\":80,\"dockerfile\":\"FROM base/java:17\"}");
    }

    /** deployment-service keeps the upload as release 1 of application {@code sensor}: its artifact, then it. */
    static void keepsTheRelease() {
        DEPLOYMENT.answerJson("PUT", "/artifacts/sha256:*", 201, "{}");
        DEPLOYMENT.answerJson("POST", "/applications/sensor/releases", 201, "{\"application\":\"sensor\","
                + "\"number\":1,\"image\":\"" + IMAGE + "\",\"images\":[{\"platform\":\"linux/amd64\",\"image\":\""
                + IMAGE + "\",\"digest\":\"sha256:1234\"}]}");
    }

    /** What deployment-service receives for an upload to device {@code deviceId}, after the build. */
    static java.util.List<String> deploymentCalls(int deviceId) {
        return java.util.List.of("deployment-service POST /applications/sensor/releases/lookup",
                "deployment-service PUT /artifacts/sha256:" + sha256(JAR),
                "deployment-service POST /applications/sensor/releases",
                "deployment-service POST /devices/" + deviceId + "/deployments",
                "deployment-service POST /applications/sensor/deployments");
    }

    static java.util.List<String> calls(Object... calls) {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (Object call : calls) {
            if (call instanceof java.util.Collection<?> many) {
                many.forEach((one) -> all.add((String) one));
            }
            else {
                all.add((String) call);
            }
        }
        return all;
    }

    static String sha256(String content) {
        try {
            return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        }
        catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static void deploys(int deviceId) {
        keepsTheRelease();
        DEPLOYMENT.answerJson("POST", "/applications/sensor/deployments", 201, "{\"id\":41,\"application\":"
                + "\"sensor\",\"release\":1,\"target\":{\"device\":" + deviceId + "},\"state\":\"running\","
                + "\"devices\":[{\"id\":" + deviceId + ",\"state\":\"pending\"}]}");
        DEPLOYMENT.answerJson("POST", "/devices/" + deviceId + "/deployments", 201,
                "{\"container\":{\"id\":\"c0ffee\",\"name\":\"sensor\",\"image\":\"" + IMAGE + "\","
                        + "\"state\":\"running\",\"networkMode\":\"bridge\","
                        + "\"ports\":[{\"hostPort\":8080,\"containerPort\":8000,\"protocol\":\"tcp\"}]},"
                        + "\"image\":\"" + IMAGE + "\",\"pullMillis\":900,\"createMillis\":50,\"startMillis\":300}");
    }

    RestTestClient.ResponseSpec upload(MultiValueMap<String, Object> form) {
        return this.client.post()
            .uri("/upload")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(form)
            .exchange();
    }

    @Test
    void uploadFindsTheDeviceBuildsForItsPlatformAndDeploys() throws Exception {
        MACHINE.answerJson("GET", "/devices", 200, "[" + device(1, "dev1", "10.77.0.11", "online", "linux/amd64") + "]");
        builds(BUILDER_AMD64, "linux/amd64");
        deploys(1);
        MultiValueMap<String, Object> form = form("sensor");
        form.add("runCommands", "apt-get install -y curl");
        form.add("ports", "8080:8000, 9090:9000/udp\n7070:7000");
        form.add("env", "GREETING=Hello\n\nLEVEL=debug=yes\n");
        form.add("replace", "true");

        byte[] body = upload(form).expectStatus().isCreated()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody().returnResult().getResponseBody();

        assertThat(ORDER).containsExactlyElementsOf(calls("auth-service POST /credentials/verify",
                "machine-service GET /devices", "containerization-amd64 POST /images", deploymentCalls(1)));
        assertThat(MACHINE.only("GET", "/devices").query()).isEqualTo("address=10.77.0.11");

        FakeService.Received build = BUILDER_AMD64.only("POST", "/images");
        assertTokenFor(build, ALICE, false);
        Map<String, FakeService.Part> parts = build.parts();
        assertThat(parts.get("file").filename()).as("the client's file name is not passed on").isEqualTo("upload");
        assertThat(parts.get("file").content()).isEqualTo(JAR);
        assertThat(parts.get("name").content()).isEqualTo("sensor");
        assertThat(parts.get("baseImage").content()).isEqualTo("base/java:17");
        assertThat(parts.get("runCommands").content()).isEqualTo("apt-get install -y curl");
        assertThat(parts.get("platform").content()).isEqualTo("linux/amd64");

        FakeService.Received deploy = DEPLOYMENT.only("POST", "/devices/1/deployments");
        assertTokenFor(deploy, ALICE, false);
        JsonNode request = JSON.readTree(deploy.body());
        assertThat(request.path("image").asString()).isEqualTo(IMAGE);
        assertThat(request.path("containerName").asString()).isEqualTo("sensor");
        assertThat(request.path("networkMode").asString()).isEqualTo("bridge");
        assertThat(request.path("ports").toString()).isEqualTo("[\"8080:8000\",\"9090:9000/udp\",\"7070:7000\"]");
        assertThat(request.path("env").toString()).isEqualTo("[\"GREETING=Hello\",\"LEVEL=debug=yes\"]");
        assertThat(request.path("start").asBoolean()).isTrue();
        assertThat(request.path("replace").asBoolean()).isTrue();

        JsonNode answer = JSON.readTree(body);
        assertThat(answer.path("device").toString())
            .isEqualTo("{\"id\":1,\"name\":\"dev1\",\"address\":\"10.77.0.11\",\"platform\":\"linux/amd64\"}");
        assertThat(answer.path("image").asString()).isEqualTo(IMAGE);
        assertThat(answer.path("container").path("state").asString()).isEqualTo("running");
        assertThat(answer.path("container").path("ports").get(0).path("hostPort").asInt()).isEqualTo(8080);
        assertThat(answer.path("built").asBoolean()).isTrue();
        assertThat(answer.path("pushed").asBoolean()).isTrue();
        assertThat(answer.path("layersPushed").asInt()).isEqualTo(1);
        assertThat(answer.path("kept").isBoolean()).as("always said, false for a container made").isTrue();
        assertThat(answer.path("kept").asBoolean()).isFalse();
        JsonNode steps = answer.path("steps");
        assertThat(steps.path("uploadMillis").isNumber()).isTrue();
        assertThat(steps.path("buildMillis").asLong()).isEqualTo(120);
        assertThat(steps.path("pushMillis").asLong()).isEqualTo(80);
        assertThat(steps.path("pullMillis").asLong()).isEqualTo(900);
        assertThat(steps.path("createMillis").asLong()).isEqualTo(50);
        assertThat(steps.path("startMillis").asLong()).isEqualTo(300);
        assertThat(answer.path("totalMillis").asLong()).isGreaterThanOrEqualTo(steps.path("uploadMillis").asLong());

        // the upload is a release, the container carries its number, and the device's desired state is it
        assertThat(request.path("release").asInt()).isEqualTo(1);
        JsonNode release = JSON.readTree(DEPLOYMENT.only("POST", "/applications/sensor/releases").body());
        assertThat(release.path("artifact").path("sha256").asString()).isEqualTo(sha256(JAR));
        assertThat(release.path("images").get(0).path("platform").asString()).isEqualTo("linux/amd64");
        assertThat(DEPLOYMENT.only("PUT", "/artifacts/sha256:" + sha256(JAR)).body())
            .isEqualTo(JAR.getBytes(StandardCharsets.UTF_8));
        JsonNode desired = JSON.readTree(DEPLOYMENT.only("POST", "/applications/sensor/deployments").body());
        assertThat(desired.path("release").asInt()).isEqualTo(1);
        assertThat(desired.path("target").toString()).isEqualTo("{\"device\":1}");
        assertThat(desired.path("state").asString()).isEqualTo("running");
        assertThat(answer.path("release").toString())
            .isEqualTo("{\"application\":\"sensor\",\"number\":1,\"created\":true}");
        assertThat(answer.path("deployment").path("id").asInt()).isEqualTo(41);
    }

    @Test
    void aReleaseThatCannotBeKeptFailsTheUploadBeforeTheDeviceIsTouched() {
        MACHINE.answerJson("GET", "/devices", 200, "[" + device(1, "dev1", "10.77.0.11", "online", "linux/amd64") + "]");
        builds(BUILDER_AMD64, "linux/amd64");
        DEPLOYMENT.answerJson("PUT", "/artifacts/sha256:*", 201, "{}");
        DEPLOYMENT.answerProblem("POST", "/applications/sensor/releases", 507, "{\"title\":\"Insufficient Storage\","
                + "\"status\":507,\"detail\":\"no room for the artifact\"}");
        upload(form("sensor")).expectStatus().isEqualTo(507)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail").isEqualTo("no room for the artifact")
            .jsonPath("$.step").isEqualTo("release");
        assertThat(DEPLOYMENT.received()).noneMatch((request) -> request.path().startsWith("/devices/"));
    }

    @Test
    void anArm64DeviceIsBuiltByTheArm64Builder() {
        MACHINE.answerJson("GET", "/devices/2", 200, device(2, "pi", "10.77.0.12", "online", "linux/arm64"));
        builds(BUILDER_ARM64, "linux/arm64");
        deploys(2);
        MultiValueMap<String, Object> form = form("sensor");
        form.remove("ip");
        this.client.post()
            .uri("/api/devices/2/deployments")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(form)
            .exchange()
            .expectStatus().isCreated()
            .expectBody()
            .jsonPath("$.device.platform").isEqualTo("linux/arm64")
            .jsonPath("$.device.name").isEqualTo("pi");
        assertThat(ORDER).containsExactlyElementsOf(calls("auth-service POST /credentials/verify",
                "machine-service GET /devices/2", "containerization-arm64 POST /images", deploymentCalls(2)));
        assertThat(BUILDER_ARM64.only("POST", "/images").parts().get("platform").content()).isEqualTo("linux/arm64");
        assertThat(BUILDER_AMD64.received()).isEmpty();
    }

    @Test
    void aPlatformWithoutABuilderIsA422BeforeAnythingIsBuilt() {
        MACHINE.answerJson("GET", "/devices", 200, "[" + device(1, "dev1", "10.77.0.11", "online", "linux/riscv64") + "]");
        upload(form("sensor")).expectStatus().isEqualTo(422)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail").value((String detail) -> assertThat(detail).startsWith("no builder for linux/riscv64"))
            .jsonPath("$.device").isEqualTo("dev1")
            .jsonPath("$.step").isEqualTo("build");
        assertThat(ORDER).containsExactly("auth-service POST /credentials/verify", "machine-service GET /devices");
    }

    @Test
    void anOfflineDeviceIsPingedOnceAndStillOfflineIsA502WithNothingBuilt() {
        MACHINE.answerJson("GET", "/devices", 200, "[" + device(1, "dev1", "10.77.0.11", "offline", "linux/amd64") + "]");
        MACHINE.answerJson("POST", "/devices/1/ping", 200, device(1, "dev1", "10.77.0.11", "offline", "linux/amd64"));
        upload(form("sensor")).expectStatus().isEqualTo(502)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail").value((String detail) -> assertThat(detail).contains("dev1", "offline"))
            .jsonPath("$.device").isEqualTo("dev1")
            .jsonPath("$.step").isEqualTo("device");
        assertThat(ORDER).containsExactly("auth-service POST /credentials/verify", "machine-service GET /devices",
                "machine-service POST /devices/1/ping");
    }

    @Test
    void anOfflineDeviceThatAnswersThePingIsDeployedTo() {
        MACHINE.answerJson("GET", "/devices", 200, "[" + device(1, "dev1", "10.77.0.11", "offline", "linux/amd64") + "]");
        MACHINE.answerJson("POST", "/devices/1/ping", 200, device(1, "dev1", "10.77.0.11", "online", "linux/amd64"));
        builds(BUILDER_AMD64, "linux/amd64");
        deploys(1);
        upload(form("sensor")).expectStatus().isCreated();
        assertThat(ORDER).containsExactlyElementsOf(calls("auth-service POST /credentials/verify",
                "machine-service GET /devices", "machine-service POST /devices/1/ping",
                "containerization-amd64 POST /images", deploymentCalls(1)));
    }

    @Test
    void anAddressTheUserHasNoDeviceAtIsA404() {
        MACHINE.answerJson("GET", "/devices", 200, "[]");
        upload(form("sensor")).expectStatus().isNotFound()
            .expectBody()
            .jsonPath("$.detail").isEqualTo("no device with address 10.77.0.11 is registered for you")
            .jsonPath("$.step").isEqualTo("device");
    }

    @Test
    void aConflictFromDeploymentServicePassesThroughUnchanged() {
        MACHINE.answerJson("GET", "/devices", 200, "[" + device(1, "dev1", "10.77.0.11", "online", "linux/amd64") + "]");
        builds(BUILDER_AMD64, "linux/amd64");
        keepsTheRelease();
        DEPLOYMENT.answerProblem("POST", "/devices/1/deployments", 409, "{\"type\":\"about:blank\",\"title\":\"Conflict\","
                + "\"status\":409,\"detail\":\"a container named sensor already exists on dev1\",\"device\":\"dev1\","
                + "\"step\":\"create\",\"container\":\"sensor\"}");
        upload(form("sensor")).expectStatus().isEqualTo(409)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Conflict")
            .jsonPath("$.status").isEqualTo(409)
            .jsonPath("$.detail").isEqualTo("a container named sensor already exists on dev1")
            .jsonPath("$.device").isEqualTo("dev1")
            .jsonPath("$.step").isEqualTo("create")
            .jsonPath("$.container").isEqualTo("sensor");
        assertThat(DEPLOYMENT.received()).as("no desired state for a container that was not made")
            .noneMatch((request) -> request.path().equals("/applications/sensor/deployments"));
    }

    @Test
    void aBuildersProblemGetsItsStepAndDevice() {
        MACHINE.answerJson("GET", "/devices", 200, "[" + device(1, "dev1", "10.77.0.11", "online", "linux/amd64") + "]");
        BUILDER_AMD64.answerProblem("POST", "/images", 404, "{\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"base image base/java:99 not found\",\"image\":\"base/java:99\"}");
        upload(form("sensor")).expectStatus().isNotFound()
            .expectBody()
            .jsonPath("$.detail").isEqualTo("base image base/java:99 not found")
            .jsonPath("$.image").isEqualTo("base/java:99")
            .jsonPath("$.step").isEqualTo("build")
            .jsonPath("$.device").isEqualTo("dev1");
        assertThat(DEPLOYMENT.received()).isEmpty();
    }

    @Test
    void anUnreachableBuilderIsA502NamingIt() {
        MACHINE.answerJson("GET", "/devices", 200,
                "[" + device(1, "dev1", "10.77.0.11", "online", UNREACHABLE_PLATFORM) + "]");
        upload(form("sensor")).expectStatus().isEqualTo(502)
            .expectBody()
            .jsonPath("$.service").isEqualTo("containerization-service")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail).contains("containerization-service is unreachable"))
            .jsonPath("$.step").isEqualTo("build")
            .jsonPath("$.device").isEqualTo("dev1");
        assertThat(DEPLOYMENT.received()).isEmpty();
    }

    @Test
    void aHostileFileNameGoesNowhere() {
        MACHINE.answerJson("GET", "/devices", 200, "[" + device(1, "dev1", "10.77.0.11", "online", "linux/amd64") + "]");
        builds(BUILDER_AMD64, "linux/amd64");
        deploys(1);
        MultiValueMap<String, Object> form = form("sensor");
        form.set("file", new ByteArrayResource(JAR.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "../../../etc/cron.d/evil.jar";
            }
        });
        upload(form).expectStatus().isCreated();
        FakeService.Part file = BUILDER_AMD64.only("POST", "/images").parts().get("file");
        assertThat(file.filename()).isEqualTo("upload");
        assertThat(file.content()).isEqualTo(JAR);
    }

    @Test
    void aMissingFileIsA400BeforeAnyServiceIsAsked() {
        MultiValueMap<String, Object> form = form("sensor");
        form.remove("file");
        upload(form).expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail").isEqualTo("file is missing")
            .jsonPath("$.field").isEqualTo("file");
        assertThat(ORDER).containsExactly("auth-service POST /credentials/verify");
    }

    @Test
    void aWrongFormIsA400NamingTheFieldBeforeAnyServiceIsAsked() {
        assertInvalid("containerName", "my sensor", "containerName");
        assertInvalid("containerName", "-sensor", "containerName");
        assertInvalid("networkConfig", "over lay", "networkConfig");
        assertInvalid("ports", "8080", "ports");
        assertInvalid("ports", "8080:70000", "ports");
        assertInvalid("ports", "8080:8000/sctp", "ports");
        assertInvalid("env", "GREETING=Hello\nnot a variable", "env");
        assertInvalid("ip", " ", "ip");
        assertInvalid("imageName", "", "imageName");
        // a rollout's settings go with group or tags: one device is deployed to at once
        assertInvalid("strategy", "phased", "strategy");
        assertInvalid("abort", "true", "abort");
        assertThat(MACHINE.received()).isEmpty();
        assertThat(BUILDER_AMD64.received()).isEmpty();
    }

    @Test
    void aTwoKilobyteImageNameIsA400NamingTheLengthLimitBeforeAnyServiceIsAsked() {
        MultiValueMap<String, Object> form = form("sensor");
        form.set("imageName", "base/" + "j".repeat(2048) + ":17");
        upload(form).expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Invalid deployment")
            .jsonPath("$.field").isEqualTo("imageName")
            .jsonPath("$.step").isEqualTo("upload")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail)
                .startsWith("imageName: the image name 'base/jjj")
                .contains("has 2053 characters; Docker's image references allow at most 255 for the name")
                .hasSizeLessThan(300));
        // the same through the REST twin
        this.client.post().uri("/api/devices/1/deployments").headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.MULTIPART_FORM_DATA).body(form)
            .exchange()
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.field").isEqualTo("imageName");
        assertThat(ORDER).containsExactly("auth-service POST /credentials/verify");
    }

    @Test
    void aTwoKilobyteTagIsA400NamingItsLimit() {
        MultiValueMap<String, Object> form = form("sensor");
        form.set("imageName", "base/java:" + "1".repeat(2048));
        upload(form).expectStatus().isBadRequest()
            .expectBody()
            .jsonPath("$.field").isEqualTo("imageName")
            .jsonPath("$.detail").value((String detail) -> assertThat(detail)
                .contains("(2048 characters) is not a Docker tag: 1 to 128 letters, digits"));
        assertThat(MACHINE.received()).isEmpty();
        assertThat(BUILDER_AMD64.received()).isEmpty();
    }

    @Test
    void aDeploymentThatIsNotAFormIsTheMissingFile() {
        this.client.post()
            .uri("/api/devices/1/deployments")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"containerName\":\"sensor\"}")
            .exchange()
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.detail").isEqualTo("file is missing");
        assertThat(MACHINE.received()).isEmpty();
    }

    @Test
    void aMachineServiceFailingWithoutAProblemIsA502NamingIt() {
        MACHINE.answer("GET", "/devices", 500, "text/plain", "NullPointerException");
        upload(form("sensor")).expectStatus().isEqualTo(502)
            .expectBody()
            .jsonPath("$.detail").isEqualTo("machine-service answered 500: NullPointerException")
            .jsonPath("$.service").isEqualTo("machine-service")
            .jsonPath("$.step").isEqualTo("device");
        assertThat(BUILDER_AMD64.received()).isEmpty();
    }

    private void assertInvalid(String field, String value, String named) {
        MultiValueMap<String, Object> form = form("sensor");
        form.set(field, value);
        upload(form).expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.field").isEqualTo(named)
            .jsonPath("$.step").isEqualTo("upload");
    }

}
