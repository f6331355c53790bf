package io.iotdeploy.containerization.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;

/**
 * Base image names as a Docker user writes them. A name without a registry host means the upstream registry
 * here, which plays Docker Hub's role; jib would send it to Docker Hub, so the resolution is done here.
 */
final class BaseImages {

    private BaseImages() {
    }

    /**
     * @param reference        e.g. {@code base/java:17}, {@code debian}, {@code 10.77.0.1:5000/admin/app:1}
     * @param upstreamRegistry host:port for references without a registry host
     * @return the reference with its registry, e.g. {@code 10.77.0.1:5001/base/java:17}
     * @throws ImageBuildException (400) for a reference Docker would not accept
     */
    static ImageReference resolve(String reference, String upstreamRegistry) {
        String written = (reference != null) ? reference.strip() : "";
        try {
            ImageReference.parse(written);
            // Docker's rule (distribution/reference, normalize.go): the first component names a registry host only
            // if it has a '.' or a ':' or is "localhost"
            int slash = written.indexOf('/');
            String first = (slash < 0) ? null : written.substring(0, slash);
            boolean hasRegistry = first != null
                    && (first.contains(".") || first.contains(":") || first.equals("localhost"));
            return ImageReference.parse(hasRegistry ? written : upstreamRegistry + "/" + written);
        }
        catch (InvalidImageReferenceException ex) {
            throw ImageBuildException.invalid("Invalid base image",
                    "'" + written + "' is not a valid image reference (expected e.g. base/java:17 or "
                            + "registry:5000/repository/name:tag, lower-case repository names)",
                    written);
        }
    }

}
