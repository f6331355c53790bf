package io.iotdeploy.deployment.release;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.iotdeploy.deployment.release.Releases.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;

class ReleaseSettingsTests {

    @Test
    void theCanonicalFormHasTheFieldsInTheirFixedOrderAndLeavesTheDefaultsOut() {
        ReleaseSettings settings = settings(new ReleaseRequest.Settings(" base/java:17 ",
                List.of("apt-get update", " ", " apt-get install -y curl "), List.of("B=2", "A=1"),
                List.of("9090:90/udp", "8080:8000", "07070:70"), "BRIDGE", true, List.of("sys_time", "CAP_NET_ADMIN"),
                List.of("/dev/ttyUSB0"), List.of("/srv/iot/b:/b:ro", "/srv/iot/a:/a"), false, true, null, null, null, null, null,
                null));

        assertThat(settings.canonicalJson()).isEqualTo("{\"baseImage\":\"base/java:17\","
                + "\"runCommands\":[\"apt-get update\",\"apt-get install -y curl\"],"
                + "\"env\":[\"B=2\",\"A=1\"],"
                + "\"ports\":[\"7070:70/tcp\",\"8080:8000/tcp\",\"9090:90/udp\"],"
                + "\"privileged\":true,"
                + "\"capAdd\":[\"NET_ADMIN\",\"SYS_TIME\"],"
                + "\"devices\":[\"/dev/ttyUSB0:/dev/ttyUSB0:rwm\"],"
                + "\"binds\":[\"/srv/iot/a:/a:rw\",\"/srv/iot/b:/b:ro\"],"
                + "\"hostIpc\":true}");
    }

    @Test
    void notSentAndSentAsTheDefaultAreTheSameSettings() {
        ReleaseSettings notSent = settings(Releases.settings("base/java:17"));
        ReleaseSettings defaults = settings(new ReleaseRequest.Settings("base/java:17", List.of(), List.of(),
                List.of(), "bridge", false, List.of(), List.of(), List.of(), false, false, null, null, null, null,
                null, null));

        assertThat(notSent.canonicalJson()).isEqualTo("{\"baseImage\":\"base/java:17\"}");
        assertThat(defaults.hash()).isEqualTo(notSent.hash());
        assertThat(defaults).isEqualTo(notSent);
    }

    @Test
    void theOrderOfPortsCapabilitiesDevicesAndBindsDoesNotMatterTheOrderOfEnvAndRunCommandsDoes() {
        ReleaseSettings one = settings(new ReleaseRequest.Settings("base/java:17", List.of("a", "b"),
                List.of("A=1", "B=2"), List.of("80:80", "81:81/tcp"), null, null, List.of("NET_ADMIN", "SYS_TIME"),
                null, null, null, null, null, null, null, null, null, null));
        ReleaseSettings reordered = settings(new ReleaseRequest.Settings("base/java:17", List.of("a", "b"),
                List.of("A=1", "B=2"), List.of("81:81", "80:80/tcp"), null, null, List.of("sys_time", "NET_ADMIN"),
                null, null, null, null, null, null, null, null, null, null));
        ReleaseSettings otherEnv = settings(new ReleaseRequest.Settings("base/java:17", List.of("a", "b"),
                List.of("B=2", "A=1"), List.of("80:80"), null, null, null, null, null, null, null, null, null, null, null, null, null));
        ReleaseSettings otherSteps = settings(new ReleaseRequest.Settings("base/java:17", List.of("b", "a"),
                List.of("A=1", "B=2"), List.of("80:80"), null, null, null, null, null, null, null, null, null, null, null, null, null));

        assertThat(reordered.hash()).isEqualTo(one.hash());
        assertThat(otherEnv.hash()).isNotEqualTo(settings(new ReleaseRequest.Settings("base/java:17",
                List.of("a", "b"), List.of("A=1", "B=2"), List.of("80:80"), null, null, null, null, null, null, null, null, null, null, null, null,
                null)).hash());
        assertThat(otherSteps.hash()).isNotEqualTo(otherEnv.hash());
    }

    @Test
    void theHashIsTheSha256OfTheCanonicalJsonAndTheStoredFormReadsBack() {
        ReleaseSettings settings = settings(Releases.settings("base/java:17", List.of("PORT=8000"),
                List.of("8080:8000")));

        assertThat(settings.hash()).isEqualTo(Releases.sha256(settings.canonicalJson()
            .getBytes(StandardCharsets.UTF_8)))
            .hasSize(64);
        assertThat(ReleaseSettings.fromCanonicalJson(settings.canonicalJson())).isEqualTo(settings);
        // a fixed value: a change of the canonical form would give every existing release a new identity
        assertThat(settings(Releases.settings("base/java:17")).hash())
            .isEqualTo(Releases.sha256("{\"baseImage\":\"base/java:17\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNetworkOfItsOwnIsWrittenOutAndHostHasNoPorts() {
        ReleaseSettings host = settings(new ReleaseRequest.Settings("base/java:17", null, null, null, "Host", null,
                null, null, null, null, null, null, null, null, null, null, null));

        assertThat(host.canonicalJson()).isEqualTo("{\"baseImage\":\"base/java:17\",\"networkMode\":\"host\"}");
        assertThat(host.networkMode()).isEqualTo("host");
    }

    @Test
    void aHealthCheckIsWrittenOutWithItsTimingsAndNoneLeavesTheOlderHashesAsTheyWere() {
        ReleaseSettings checked = settings(new ReleaseRequest.Settings("base/java:17", null, null, null, null, null,
                null, null, null, null, null, "http:08080/health", "5s", null, null, null, null));
        ReleaseSettings sameCheck = settings(new ReleaseRequest.Settings("base/java:17", null, null, null, null,
                null, null, null, null, null, null, "http:8080/health", "5000ms", "5s", "60s", 3, null));

        assertThat(checked.canonicalJson()).isEqualTo("{\"baseImage\":\"base/java:17\","
                + "\"healthCheck\":\"http:8080/health\",\"healthInterval\":\"5s\",\"healthTimeout\":\"5s\","
                + "\"healthStartPeriod\":\"60s\",\"healthRetries\":3}");
        assertThat(sameCheck.hash()).isEqualTo(checked.hash());
        assertThat(checked.hash()).isNotEqualTo(settings(Releases.settings("base/java:17")).hash());
        assertThat(ReleaseSettings.fromCanonicalJson(checked.canonicalJson())).isEqualTo(checked);
        assertThat(checked.health().check()).isEqualTo("http:8080/health");
        assertThat(checked.health().interval()).hasSeconds(5);
        assertThat(settings(Releases.settings("base/java:17")).health()).isNull();
    }

    @Test
    void aMalformedHealthCheckIsNamedWithItsSettingsPrefix() {
        org.springframework.web.ErrorResponseException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.springframework.web.ErrorResponseException.class,
                () -> settings(new ReleaseRequest.Settings("base/java:17", null, null, null, null, null, null, null,
                        null, null, null, "http:8080", null, null, null, 0, null)));

        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody().getDetail()).contains("settings.healthCheck 'http:8080' must be");
    }

    private static ReleaseSettings settings(ReleaseRequest.Settings settings) {
        byte[] artifact = Releases.jar("app");
        String image = REGISTRY + "/alice/sensor:1";
        return new ReleaseRequest(new ReleaseRequest.Artifact(Releases.sha256(artifact), 10L, "jar", null), settings,
                image, List.of(new ReleaseRequest.Image("linux/amd64", image + "-amd64", Releases.DIGEST_AMD64,
                        null)), null, null)
            .check(REGISTRY, 1000)
            .settings();
    }

}
