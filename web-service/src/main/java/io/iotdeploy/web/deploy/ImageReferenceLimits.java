package io.iotdeploy.web.deploy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The limits of Docker's image reference grammar ({@code name[:tag][@digest]}, docker/distribution's
 * {@code reference} package) that the gateway checks before an upload goes to a builder: the name, registry host
 * and repository path together, at most {@value #NAME_MAX_LENGTH} characters ({@code NameTotalLengthMax}); a tag
 * {@code [\w][\w.-]{0,127}}, so at most {@value #TAG_MAX_LENGTH}; a digest as the OCI image specification
 * registers them. Past these a reference is no image: the registry answers a longer name with a 500, so the user
 * would be told that the registry failed. The rest of the grammar (lower-case path components, the registry host)
 * and where a base image may come from are the builder's to judge, as it does for every caller.
 */
final class ImageReferenceLimits {

    static final int NAME_MAX_LENGTH = 255;

    static final int TAG_MAX_LENGTH = 128;

    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0," + (TAG_MAX_LENGTH - 1) + "}");

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");

    /** How much of a refused part a problem detail quotes. */
    private static final int QUOTED = 40;

    private ImageReferenceLimits() {
    }

    /** What about the reference is over Docker's limits, as a problem detail says it; empty when nothing is. */
    static Optional<String> mistake(String reference) {
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            // a colon before the last slash is the registry's port (10.77.0.1:5000/base/java)
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (rest.length() > NAME_MAX_LENGTH) {
            return Optional.of("the image name '" + quoted(rest) + "' has " + rest.length() + " characters; Docker's "
                    + "image references allow at most " + NAME_MAX_LENGTH + " for the name (registry host and "
                    + "repository path together, before ':tag'), e.g. base/java:17");
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            return Optional.of("'" + quoted(reference) + "': the tag '" + quoted(tag) + "' (" + tag.length()
                    + " characters) is not a Docker tag: "
                    + "1 to " + TAG_MAX_LENGTH + " letters, digits, '_', '.' and '-', not starting with '.' or '-'");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            return Optional.of("'" + quoted(reference) + "': the digest '" + quoted(digest)
                    + "' is not one: sha256: and 64 lower-case hex "
                    + "digits (or sha512: and 128)");
        }
        return Optional.empty();
    }

    private static String quoted(String part) {
        return (part.length() <= QUOTED) ? part : part.substring(0, QUOTED) + "…";
    }

}
