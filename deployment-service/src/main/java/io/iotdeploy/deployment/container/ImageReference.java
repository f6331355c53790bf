package io.iotdeploy.deployment.container;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image in the platform's private registry, always with a tag or a digest: a pull without one would pull
 * every tag of the repository. Public for the releases ({@code release/}), whose images are references like these.
 *
 * @param repository {@code 10.77.0.1:5000/alice/sensor}
 * @param tag        the tag, or the digest ({@code sha256:…}) when the image was named by digest
 */
public record ImageReference(String repository, String tag, boolean byDigest) {

    /** Docker's reference grammar for the part after the registry: lower-case path components, tag, digest. */
    private static final Pattern PATH = Pattern.compile(
            "(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
                    + "(?::(?<tag>[\\w][\\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?");

    /**
     * @throws IllegalArgumentException naming what is wrong: not in the private registry, malformed, or both
     *                                  a tag and a digest
     */
    public static ImageReference parse(String image, String privateRegistry) {
        String prefix = privateRegistry + "/";
        if (!image.startsWith(prefix)) {
            throw new IllegalArgumentException("image '" + image + "' is not in the platform's registry "
                    + privateRegistry + " (devices pull only from there)");
        }
        Matcher matcher = PATH.matcher(image.substring(prefix.length()));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("image '" + image + "' is not a valid image reference");
        }
        String repository = prefix + matcher.group("path");
        String tag = matcher.group("tag");
        String digest = matcher.group("digest");
        if (tag != null && digest != null) {
            throw new IllegalArgumentException("image '" + image + "' has both a tag and a digest; give one of them");
        }
        if (digest != null) {
            return new ImageReference(repository, digest, true);
        }
        return new ImageReference(repository, (tag != null) ? tag : "latest", false);
    }

    /** The reference the container is created from and labelled with. */
    @Override
    public String toString() {
        return this.repository + (this.byDigest ? "@" : ":") + this.tag;
    }

}
