package io.iotdeploy.deployment.container;

import java.util.List;

import io.iotdeploy.deployment.container.ContainerSpec.PortMapping;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DeploymentRequestTests {

    private static final String REGISTRY = "10.77.0.1:5000";

    @Test
    void aBridgeDeploymentWithPortsAndEnvironmentBecomesASpec() {
        ContainerSpec spec = new DeploymentRequest(REGISTRY + "/alice/sensor:1a2b", "sensor_collector.1", "bridge",
                List.of("8080:8000", "5353:53/udp"), List.of("PORT=8000", "GREETING=a=b", "EMPTY="), null, null)
            .toSpec(REGISTRY);

        assertThat(spec.image().repository()).isEqualTo(REGISTRY + "/alice/sensor");
        assertThat(spec.image().tag()).isEqualTo("1a2b");
        assertThat(spec.ports()).containsExactly(new PortMapping(8080, 8000, "tcp"), new PortMapping(5353, 53, "udp"));
        assertThat(spec.env()).containsExactly("PORT=8000", "GREETING=a=b", "EMPTY=");
        assertThat(spec.start()).as("starts by default").isTrue();
        assertThat(spec.replace()).as("replaces only when asked").isFalse();
        assertThat(spec.labels("alice")).containsEntry("iotdeploy.managed", "true")
            .containsEntry("iotdeploy.owner", "alice")
            .containsEntry("iotdeploy.image", REGISTRY + "/alice/sensor:1a2b");
        assertThat(spec.hostConfig().getRestartPolicy().getName()).isEqualTo("unless-stopped");
    }

    @Test
    void anImageWithoutTagIsPulledAsLatestAndADigestStaysADigest() {
        String digest = "sha256:" + "a".repeat(64);
        assertThat(ImageReference.parse(REGISTRY + "/alice/sensor", REGISTRY).toString())
            .isEqualTo(REGISTRY + "/alice/sensor:latest");
        ImageReference byDigest = ImageReference.parse(REGISTRY + "/alice/sensor@" + digest, REGISTRY);
        assertThat(byDigest.tag()).isEqualTo(digest);
        assertThat(byDigest.toString()).isEqualTo(REGISTRY + "/alice/sensor@" + digest);
    }

    @Test
    void theNetworkModeDefaultsToBridge() {
        assertThat(request(REGISTRY + "/a/b:1", "app", null, List.of("80:80")).toSpec(REGISTRY).networkMode())
            .isEqualTo("bridge");
        assertThat(request(REGISTRY + "/a/b:1", "app", "host", List.of()).toSpec(REGISTRY).networkMode())
            .isEqualTo("host");
    }

    @Test
    void everyMistakeIsNamedInOneAnswer() {
        ProblemDetail problem = invalid(new DeploymentRequest("docker.io/library/nginx:1", "-bad name", "over lay",
                List.of("8080"), List.of("1KEY=v", "NOEQUALS"), true, false));

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getTitle()).isEqualTo("Invalid deployment");
        assertThat(errors(problem)).hasSize(6)
            .anySatisfy((error) -> assertThat(error).contains("docker.io/library/nginx:1").contains(REGISTRY))
            .anySatisfy((error) -> assertThat(error).contains("-bad name"))
            .anySatisfy((error) -> assertThat(error).contains("over lay"))
            .anySatisfy((error) -> assertThat(error).contains("'8080'"))
            .anySatisfy((error) -> assertThat(error).contains("1KEY=v"))
            .anySatisfy((error) -> assertThat(error).contains("NOEQUALS"));
    }

    @Test
    void portsAreOnlyForBridgeAndWithinRange() {
        assertThat(errors(invalid(request(REGISTRY + "/a/b:1", "app", "host", List.of("80:80")))))
            .singleElement().asString().contains("host");
        assertThat(errors(invalid(request(REGISTRY + "/a/b:1", "app", "bridge", List.of("0:80", "80:70000", "8080:80/sctp")))))
            .hasSize(3);
        assertThat(errors(invalid(request(REGISTRY + "/a/b:1", "app", "bridge", List.of("8080:80", "8080:81")))))
            .singleElement().asString().contains("mapped twice");
    }

    @Test
    void imagesOutsideThePrivateRegistryOrMalformedAreRefused() {
        for (String image : List.of("nginx:latest", "10.77.0.1:5001/base/java:17", "10.77.0.1:50000/a/b:1",
                REGISTRY + "/Upper/case:1", REGISTRY + "/", REGISTRY + "/a/b:1@sha256:" + "a".repeat(64), "")) {
            assertThat(errors(invalid(request(image, "app", "bridge", List.of())))).as(image).hasSize(1);
        }
    }

    @Test
    void containerNamesFollowDockersRules() {
        for (String name : List.of("a", "_app", ".app", "app/x", "app name", "")) {
            assertThat(errors(invalid(request(REGISTRY + "/a/b:1", name, "bridge", List.of())))).as(name).hasSize(1);
        }
        assertThat(request(REGISTRY + "/a/b:1", "A1_b.c-d", "bridge", List.of()).toSpec(REGISTRY).name())
            .isEqualTo("A1_b.c-d");
    }

    @Test
    void aReleaseNumberStartsAtOne() {
        for (int release : new int[] { 0, -3 }) {
            assertThat(errors(invalid(new DeploymentRequest(REGISTRY + "/a/b:1", "app", "bridge", List.of(), List.of(),
                    null, null, null, null, null, null, null, null, null, null, null, null, null, release, null))))
                .as("release %d", release).singleElement().asString().contains("release " + release);
        }
        assertThat(new DeploymentRequest(REGISTRY + "/a/b:1", "app", "bridge", List.of(), List.of(), null, null, null,
                null, null, null, null, null, null, null, null, null, null, 1, null).toSpec(REGISTRY).name())
            .isEqualTo("app");
    }

    private static DeploymentRequest request(String image, String name, String networkMode, List<String> ports) {
        return new DeploymentRequest(image, name, networkMode, ports, List.of(), true, false);
    }

    private static ProblemDetail invalid(DeploymentRequest request) {
        return catchThrowableOfType(ErrorResponseException.class, () -> request.toSpec(REGISTRY)).getBody();
    }

    @SuppressWarnings("unchecked")
    private static List<String> errors(ProblemDetail problem) {
        return (List<String>) problem.getProperties().get("errors");
    }

}
