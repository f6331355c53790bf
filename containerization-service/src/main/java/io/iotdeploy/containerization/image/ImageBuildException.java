package io.iotdeploy.containerization.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Why an image could not be made, with everything its problem detail names: the step ({@code upload},
 * {@code build}, {@code push}), the image concerned and, for a failed build, the build's last output lines.
 */
class ImageBuildException extends RuntimeException {

    private final HttpStatus status;

    private final String title;

    private final String step;

    private final String image;

    private final List<String> output;

    private final Map<String, Object> properties = new LinkedHashMap<>();

    private ImageBuildException(HttpStatus status, String title, String detail, String step, String image,
            List<String> output, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.title = title;
        this.step = step;
        this.image = image;
        this.output = output;
    }

    /** The request itself is wrong (400); {@code image} may be {@code null} when no image is concerned. */
    static ImageBuildException invalid(String title, String detail, String image) {
        return new ImageBuildException(HttpStatus.BAD_REQUEST, title, detail, "upload", image, null, null);
    }

    /** A base image from a registry the platform does not build from (422): nothing is fetched from it. */
    static ImageBuildException baseImageRefused(String image, String detail) {
        return new ImageBuildException(HttpStatus.UNPROCESSABLE_CONTENT, "Base image not allowed", detail, "upload",
                image, null, null);
    }

    /**
     * The upload is no application the platform builds, or a hostile archive (422): {@code rule} names the rule it
     * broke, {@code entry} the archive entry concerned ({@code null} when it is the archive as a whole).
     */
    static ImageBuildException refused(String detail, String rule, String entry) {
        ImageBuildException refused = new ImageBuildException(HttpStatus.UNPROCESSABLE_CONTENT, "Upload refused",
                detail, "upload", null, null, null);
        refused.properties.put("rule", rule);
        if (entry != null) {
            refused.properties.put("entry", entry);
        }
        return refused;
    }

    static ImageBuildException baseImageNotFound(String image, String detail) {
        return new ImageBuildException(HttpStatus.NOT_FOUND, "Base image not found", detail, "build", image, null,
                null);
    }

    /** A {@code RUN} step (or another Dockerfile step) failed: the user's commands, so 422 with their output. */
    static ImageBuildException buildFailed(String image, String detail, List<String> output) {
        return new ImageBuildException(HttpStatus.UNPROCESSABLE_CONTENT, "Image build failed", detail, "build", image,
                List.copyOf(output), null);
    }

    /** A registry or the build engine could not be reached, or answered with an error of its own. */
    static ImageBuildException unreachable(String step, String image, String detail, Throwable cause) {
        return new ImageBuildException(HttpStatus.BAD_GATEWAY, "Registry unreachable", detail, step, image, null,
                cause);
    }

    /** A registry answered, but with an error. */
    static ImageBuildException registryFailed(String step, String image, String detail, Throwable cause) {
        return new ImageBuildException(HttpStatus.BAD_GATEWAY, "Registry error", detail, step, image, null, cause);
    }

    static ImageBuildException engineUnreachable(String image, String detail, Throwable cause) {
        return new ImageBuildException(HttpStatus.BAD_GATEWAY, "Build engine unreachable", detail, "build", image,
                null, cause);
    }

    static ImageBuildException timedOut(String step, String image, String detail) {
        return new ImageBuildException(HttpStatus.GATEWAY_TIMEOUT, "Image " + step + " timed out", detail, step,
                image, null, null);
    }

    HttpStatus status() {
        return this.status;
    }

    String title() {
        return this.title;
    }

    String step() {
        return this.step;
    }

    String image() {
        return this.image;
    }

    /** Further properties of the problem detail, such as the rule an upload broke. */
    Map<String, Object> properties() {
        return this.properties;
    }

    /** The last lines of the build output, or {@code null}. */
    List<String> output() {
        return this.output;
    }

}
