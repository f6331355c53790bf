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
    /**
     * {@link #resolve(String, String)}, and where the base may come from: the upstream registry, or the caller's own
     * repositories in the private registry ({@code 10.77.0.1:5000/alice/…}: an app of theirs as the base of
     * another). Any other registry is refused before anything is fetched: the builders hold the private registry's
     * push credentials and sit inside the platform, so a base image name must not make them read another user's
     * images or send requests to arbitrary hosts (169.254.169.254, the platform's own ports). Another user's
     * repository is "not found", as their devices and containers are.
     */
    static ImageReference resolve(String reference, String upstreamRegistry, String privateRegistry, String user) {
        ImageReference resolved = resolve(reference, upstreamRegistry);
        String registry = resolved.getRegistry();
        if (registry.equals(upstreamRegistry)) {
            return resolved;
        }
        if (registry.equals(privateRegistry)) {
            if (resolved.getRepository().startsWith(user + "/")) {
                return resolved;
            }
            throw ImageBuildException.baseImageNotFound(reference.strip(), "There is no base image '"
                    + reference.strip() + "' among your repositories in " + privateRegistry + ".");
        }
        throw ImageBuildException.baseImageRefused(reference.strip(), "Base images come from " + upstreamRegistry
                + " (e.g. base/java:17) or from your own repositories in " + privateRegistry + " (" + privateRegistry
                + "/" + user + "/…); '" + registry + "' is not one of them.");
    }

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
