package io.iotdeploy.deployment.release;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.iotdeploy.deployment.container.ImageReference;
import io.iotdeploy.deployment.settings.HealthCheck;
import io.iotdeploy.deployment.settings.RunSettings;
import io.iotdeploy.policy.InvalidSetting;

/**
 * A new release, as sent: {@code POST /applications/{name}/releases}. A field that is none of these (at any level)
 * is refused, not ignored.
 *
 * @param artifact the application file, uploaded before ({@code PUT /artifacts/sha256:<hex>})
 * @param settings every setting (see {@link ReleaseSettings} for what each means and how it is normalized)
 * @param image    the multi-architecture tag in the private registry, {@code 10.77.0.1:5000/alice/sensor:1a2b…}
 * @param images   at least one platform's image, each in the repository of {@code image}
 * @param note     up to 200 characters of the caller's (a pipeline passes its commit id)
 */
record ReleaseRequest(Artifact artifact, Settings settings, String image, List<Image> images, String note,
        @JsonAnySetter Map<String, Object> unknown) {

    static final int NOTE_MAX_LENGTH = 200;

    private static final Pattern PLATFORM_PART = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private static final int BASE_IMAGE_MAX_LENGTH = 512;

    /**
     * @param sha256 64 hex digits ({@code sha256:} in front is accepted)
     * @param size   its size in bytes, as uploaded
     * @param kind   {@code jar} or {@code war}
     */
    record Artifact(String sha256, Long size, String kind, @JsonAnySetter Map<String, Object> unknown) {
    }

    /** The settings as sent; each {@code null} when not sent, which is the same as its default. */
    record Settings(String baseImage, List<String> runCommands, List<String> env, List<String> ports,
            String networkMode, Boolean privileged, List<String> capAdd, List<String> devices, List<String> binds,
            Boolean hostPid, Boolean hostIpc, String healthCheck, String healthInterval, String healthTimeout,
            String healthStartPeriod, Integer healthRetries, @JsonAnySetter Map<String, Object> unknown) {
    }

    /**
     * @param platform {@code os/architecture[/variant]}, {@code linux/arm64}
     * @param image    the platform's own tag, {@code …:1a2b…-arm64}
     * @param digest   its manifest digest, {@code sha256:…}
     */
    record Image(String platform, String image, String digest, @JsonAnySetter Map<String, Object> unknown) {
    }

    /** A checked request. */
    record NewRelease(String artifactSha256, long artifactSize, String artifactKind, ReleaseSettings settings,
            RunSettings run, ImageReference image, List<PlatformImage> images, String note) {

        ReleaseIdentity identity() {
            return new ReleaseIdentity(this.artifactSha256, this.settings.hash());
        }

    }

    /** What a lookup compares: the artifact and the settings, checked as for a new release. */
    record Identity(String artifactSha256, ReleaseSettings settings) {

        ReleaseIdentity identity() {
            return new ReleaseIdentity(this.artifactSha256, this.settings.hash());
        }

    }

    /**
     * Checks everything at once, before anything is looked up or stored.
     *
     * @throws org.springframework.web.ErrorResponseException 400 listing every mistake
     */
    NewRelease check(String privateRegistry, long maxArtifactSize) {
        List<InvalidField> errors = new ArrayList<>();
        refuseUnknown(errors, "", this.unknown, "artifact, settings, image, images, note");
        String sha256 = null;
        long size = 0;
        String kind = null;
        if (this.artifact == null) {
            errors.add(new InvalidField("artifact", "artifact is required: {\"sha256\",\"size\",\"kind\"}"));
        }
        else {
            sha256 = sha256(this.artifact, errors);
            size = size(this.artifact, maxArtifactSize, errors);
            kind = kind(this.artifact, errors);
            refuseUnknown(errors, "artifact.", this.artifact.unknown(), "sha256, size, kind");
        }
        Checked settings = settings(this.settings, errors);
        ImageReference reference = image(privateRegistry, errors);
        List<PlatformImage> platformImages = images(privateRegistry, reference, errors);
        String text = note(errors);
        if (!errors.isEmpty()) {
            throw ReleaseProblems.invalid("Invalid release", errors);
        }
        return new NewRelease(sha256, size, kind, settings.release(), settings.run(), reference, platformImages,
                text);
    }

    /**
     * A lookup, {@code POST /applications/{name}/releases/lookup}: the artifact ({@code size} and {@code kind} may
     * be left out) and the settings, nothing else (the image, images and note describe a release, they do not make
     * it another one).
     */
    record Lookup(Artifact artifact, Settings settings, @JsonAnySetter Map<String, Object> unknown) {

        /** Checks it as a new release's artifact and settings are checked. */
        Identity check() {
            List<InvalidField> errors = new ArrayList<>();
            refuseUnknown(errors, "", this.unknown, "artifact, settings");
            String sha256 = null;
            if (this.artifact == null) {
                errors.add(new InvalidField("artifact", "artifact is required: {\"sha256\"}"));
            }
            else {
                sha256 = sha256(this.artifact, errors);
                refuseUnknown(errors, "artifact.", this.artifact.unknown(), "sha256, size, kind");
            }
            Checked settings = ReleaseRequest.settings(this.settings, errors);
            if (!errors.isEmpty()) {
                throw ReleaseProblems.invalid("Invalid release lookup", errors);
            }
            return new Identity(sha256, settings.release());
        }

    }

    /**
     * A platform image for {@code PUT /applications/{name}/releases/{number}/images/{os}/{arch}[/{variant}]}.
     *
     * @param platform as the path has it
     */
    static PlatformImage checkImage(String platform, Image body, String privateRegistry) {
        List<InvalidField> errors = new ArrayList<>();
        String normalized = platform(platform, "platform", errors);
        ImageReference image = null;
        String digest = null;
        if (body == null) {
            errors.add(new InvalidField("image", "the body is required: {\"image\",\"digest\"}"));
        }
        else {
            if (body.platform() != null && normalized != null
                    && !normalized.equals(platform(body.platform(), "platform", new ArrayList<>()))) {
                errors.add(new InvalidField("platform", "platform '" + body.platform() + "' in the body is not "
                        + "the path's " + normalized));
            }
            image = platformImage(body.image(), privateRegistry, "image", errors);
            digest = digest(body.digest(), "digest", errors);
            refuseUnknown(errors, "", body.unknown(), "image, digest (and platform, as in the path)");
        }
        if (!errors.isEmpty()) {
            throw ReleaseProblems.invalid("Invalid release image", errors);
        }
        return new PlatformImage(normalized, image.toString(), digest);
    }

    /** The settings, normalized, and their container part for the policy. */
    private record Checked(ReleaseSettings release, RunSettings run) {
    }

    private static Checked settings(Settings settings, List<InvalidField> errors) {
        if (settings == null) {
            errors.add(new InvalidField("settings", "settings is required: at least {\"baseImage\"}"));
            return new Checked(null, null);
        }
        int before = errors.size();
        String baseImage = settings.baseImage();
        if (baseImage == null || baseImage.isBlank()) {
            errors.add(new InvalidField("settings.baseImage", "settings.baseImage is required: the base image, "
                    + "e.g. base/java:17"));
        }
        else if (baseImage.strip().length() > BASE_IMAGE_MAX_LENGTH || baseImage.strip()
            .codePoints()
            .anyMatch((c) -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            errors.add(new InvalidField("settings.baseImage", "settings.baseImage '" + abbreviated(baseImage)
                    + "' is not an image reference (no white space, at most " + BASE_IMAGE_MAX_LENGTH
                    + " characters)"));
        }
        List<String> runCommands = (settings.runCommands() != null) ? settings.runCommands() : List.of();
        for (int i = 0; i < runCommands.size(); i++) {
            String command = runCommands.get(i);
            if (command == null || command.chars().anyMatch((c) -> c != '\t' && Character.isISOControl(c))) {
                errors.add(new InvalidField("settings.runCommands[" + i + "]", "settings.runCommands[" + i + "] "
                        + "must be one command on one line (each becomes one RUN step)"));
            }
        }
        List<InvalidSetting> invalid = new ArrayList<>();
        RunSettings run = RunSettings.parse(settings.networkMode(), settings.ports(), settings.env(),
                settings.privileged(), settings.capAdd(), settings.devices(), settings.binds(), settings.hostPid(),
                settings.hostIpc(), invalid)
            .withHealthCheck(HealthCheck.parse(settings.healthCheck(), settings.healthInterval(),
                    settings.healthTimeout(), settings.healthStartPeriod(), settings.healthRetries(), invalid));
        invalid.forEach((setting) -> errors.add(new InvalidField("settings." + setting.field(),
                "settings." + setting.detail())));
        refuseUnknown(errors, "settings.", settings.unknown(), "baseImage, runCommands, env, ports, networkMode, "
                + "privileged, capAdd, devices, binds, hostPid, hostIpc, healthCheck, healthInterval, healthTimeout, "
                + "healthStartPeriod, healthRetries");
        if (errors.size() > before) {
            return new Checked(null, null);
        }
        ReleaseSettings release = ReleaseSettings.of(baseImage, runCommands, run);
        int length = release.canonicalJson().length();
        if (length > ReleaseSettings.MAX_LENGTH) {
            errors.add(new InvalidField("settings", "settings are " + length + " characters as canonical JSON; at "
                    + "most " + ReleaseSettings.MAX_LENGTH + " are kept with a release"));
            return new Checked(null, null);
        }
        return new Checked(release, run);
    }

    private static String sha256(Artifact artifact, List<InvalidField> errors) {
        String value = artifact.sha256();
        if (value == null || value.isBlank()) {
            errors.add(new InvalidField("artifact.sha256", "artifact.sha256 is required: the SHA-256 of the file "
                    + "(64 hex digits)"));
            return null;
        }
        String hex = hex(value);
        if (hex == null) {
            errors.add(new InvalidField("artifact.sha256", "artifact.sha256 '" + abbreviated(value) + "' is not a "
                    + "SHA-256: 64 hex digits, sha256: in front or not"));
        }
        return hex;
    }

    /** The 64 lower-case hex digits of {@code sha256:<hex>} or {@code <hex>}; {@code null} for anything else. */
    static String hex(String value) {
        String hex = value.strip().toLowerCase(Locale.ROOT);
        hex = hex.startsWith("sha256:") ? hex.substring("sha256:".length()) : hex;
        return ArtifactStore.SHA256.matcher(hex).matches() ? hex : null;
    }

    private static long size(Artifact artifact, long maxSize, List<InvalidField> errors) {
        if (artifact.size() == null) {
            errors.add(new InvalidField("artifact.size", "artifact.size is required: the file's size in bytes"));
            return 0;
        }
        if (artifact.size() <= 0 || artifact.size() > maxSize) {
            errors.add(new InvalidField("artifact.size", "artifact.size " + artifact.size() + " is not between 1 "
                    + "and " + maxSize + " bytes (deployment-service.artifacts.max-size)"));
        }
        return artifact.size();
    }

    private static String kind(Artifact artifact, List<InvalidField> errors) {
        String kind = (artifact.kind() != null) ? artifact.kind().strip().toLowerCase(Locale.ROOT) : null;
        if (!Release.JAR.equals(kind) && !Release.WAR.equals(kind)) {
            errors.add(new InvalidField("artifact.kind", "artifact.kind "
                    + ((artifact.kind() == null) ? "is required" : "'" + abbreviated(artifact.kind()) + "' is not")
                    + ": jar or war"));
        }
        return kind;
    }

    private ImageReference image(String privateRegistry, List<InvalidField> errors) {
        if (this.image == null || this.image.isBlank()) {
            errors.add(new InvalidField("image", "image is required: the multi-architecture tag in "
                    + privateRegistry));
            return null;
        }
        ImageReference reference = reference(this.image, privateRegistry, "image", errors);
        if (reference != null && (reference.byDigest() || !this.image.strip().endsWith(":" + reference.tag()))) {
            errors.add(new InvalidField("image", "image '" + abbreviated(this.image) + "' must name its tag "
                    + "(repository:tag, the multi-architecture tag), not a digest or no tag"));
            return null;
        }
        return reference;
    }

    private List<PlatformImage> images(String privateRegistry, ImageReference release, List<InvalidField> errors) {
        if (this.images == null || this.images.isEmpty()) {
            errors.add(new InvalidField("images", "images is required: at least one platform's image, "
                    + "[{\"platform\",\"image\",\"digest\"}]"));
            return List.of();
        }
        List<PlatformImage> checked = new ArrayList<>();
        Set<String> platforms = new HashSet<>();
        for (int i = 0; i < this.images.size(); i++) {
            String at = "images[" + i + "]";
            Image entry = this.images.get(i);
            if (entry == null) {
                errors.add(new InvalidField(at, at + " is null"));
                continue;
            }
            String platform = platform(entry.platform(), at + ".platform", errors);
            ImageReference image = platformImage(entry.image(), privateRegistry, at + ".image", errors);
            String digest = digest(entry.digest(), at + ".digest", errors);
            refuseUnknown(errors, at + ".", entry.unknown(), "platform, image, digest");
            if (platform != null && !platforms.add(platform)) {
                errors.add(new InvalidField(at + ".platform", at + ".platform " + platform + " is there twice"));
            }
            if (image != null && release != null && !image.repository().equals(release.repository())) {
                errors.add(new InvalidField(at + ".image", at + ".image '" + image + "' is not in the repository of "
                        + "the release's image, " + release.repository()));
            }
            if (platform != null && image != null && digest != null) {
                checked.add(new PlatformImage(platform, image.toString(), digest));
            }
        }
        return checked;
    }

    private static ImageReference platformImage(String value, String privateRegistry, String field,
            List<InvalidField> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new InvalidField(field, field + " is required: the platform's own tag in " + privateRegistry));
            return null;
        }
        return reference(value, privateRegistry, field, errors);
    }

    private static ImageReference reference(String value, String privateRegistry, String field,
            List<InvalidField> errors) {
        try {
            return ImageReference.parse(value.strip(), privateRegistry);
        }
        catch (IllegalArgumentException ex) {
            errors.add(new InvalidField(field, field + ": " + ex.getMessage()));
            return null;
        }
    }

    private static String digest(String value, String field, List<InvalidField> errors) {
        String digest = (value != null) ? value.strip().toLowerCase(Locale.ROOT) : null;
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            errors.add(new InvalidField(field, field + ((value == null) ? " is required" : " '" + abbreviated(value)
                    + "' is not") + ": a manifest digest, sha256: and 64 hex digits"));
            return null;
        }
        return digest;
    }

    /**
     * The platform, normalized ({@code linux/arm64/v8} is {@code linux/arm64}, as the Docker Engine treats it);
     * {@code null} after adding the mistake to {@code errors}.
     */
    static String platform(String value, String field, List<InvalidField> errors) {
        String[] parts = (value != null) ? value.strip().toLowerCase(Locale.ROOT).split("/", -1) : new String[0];
        boolean valid = parts.length == 2 || parts.length == 3;
        for (String part : parts) {
            valid &= PLATFORM_PART.matcher(part).matches();
        }
        if (!valid) {
            errors.add(new InvalidField(field, field + ((value == null) ? " is required" : " '" + abbreviated(value)
                    + "' is not") + ": a platform, os/architecture[/variant] such as linux/arm64"));
            return null;
        }
        if (parts.length == 3 && parts[1].equals("arm64") && parts[2].equals("v8")) {
            return parts[0] + "/" + parts[1];
        }
        return String.join("/", parts);
    }

    private String note(List<InvalidField> errors) {
        if (this.note == null || this.note.isBlank()) {
            return null;
        }
        String text = this.note.strip();
        if (text.length() > NOTE_MAX_LENGTH) {
            errors.add(new InvalidField("note", "note has " + text.length() + " characters; at most "
                    + NOTE_MAX_LENGTH));
        }
        else if (text.chars().anyMatch(Character::isISOControl)) {
            errors.add(new InvalidField("note", "note must be one line of text (no control characters)"));
        }
        return text;
    }

    private static void refuseUnknown(List<InvalidField> errors, String prefix, Map<String, Object> unknown,
            String fields) {
        if (unknown == null) {
            return;
        }
        unknown.keySet().stream().sorted().forEach((field) -> errors.add(new InvalidField(prefix + field,
                "'" + prefix + abbreviated(field) + "' is not a field here (" + fields + ")")));
    }

    /** A hostile value may be long: a problem detail quotes its beginning only. */
    private static String abbreviated(String value) {
        return (value.length() <= 80) ? value : value.substring(0, 80) + "…";
    }

}
