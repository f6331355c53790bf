package io.iotdeploy.deployment.release;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Requests and artifacts for the tests. */
final class Releases {

    static final String REGISTRY = "10.77.0.1:5000";

    static final String DIGEST_AMD64 = "sha256:" + "a".repeat(64);

    static final String DIGEST_ARM64 = "sha256:" + "b".repeat(64);

    private Releases() {
    }

    static ReleaseRequest.Settings settings(String baseImage) {
        return new ReleaseRequest.Settings(baseImage, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    static ReleaseRequest.Settings settings(String baseImage, List<String> env, List<String> ports) {
        return new ReleaseRequest.Settings(baseImage, null, env, ports, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    static ReleaseRequest request(byte[] artifact, ReleaseRequest.Settings settings) {
        return request(artifact, settings, "sensor", null);
    }

    static ReleaseRequest request(byte[] artifact, ReleaseRequest.Settings settings, String repository,
            String note) {
        String image = REGISTRY + "/alice/" + repository + ":" + sha256(artifact).substring(0, 16);
        return new ReleaseRequest(new ReleaseRequest.Artifact(sha256(artifact), (long) artifact.length, "jar", null),
                settings, image, List.of(new ReleaseRequest.Image("linux/amd64", image + "-amd64", DIGEST_AMD64, null)),
                note, null);
    }

    static byte[] jar(String content) {
        return ("PK\3\4" + content).getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
