package io.iotdeploy.device;

import java.util.regex.Pattern;

/**
 * What a container name may be: what the Docker Engine accepts (a letter or digit, then letters, digits,
 * {@code _ . -}; at least two characters), bounded to 128 characters so that it fits in an image reference and
 * a label. The one definition every service checks names with.
 */
public final class ContainerNames {

    public static final int MAX_LENGTH = 128;

    /** The pattern as a regular expression, for a {@code @Pattern} constraint or an OpenAPI document. */
    public static final String PATTERN = "[a-zA-Z0-9][a-zA-Z0-9_.-]{1," + (MAX_LENGTH - 1) + "}";

    /** Says what a valid name is, for a problem detail. */
    public static final String RULE = "a container name is 2 to " + MAX_LENGTH
            + " characters: letters, digits, '_', '.' and '-', starting with a letter or digit";

    private static final Pattern NAME = Pattern.compile(PATTERN);

    private ContainerNames() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** What is wrong with a name that is not valid, quoting (the beginning of) it, for an error message. */
    public static String mistake(String name) {
        return "'" + InvalidContainerNameException.abbreviated(name) + "' is not a container name: " + RULE;
    }

    /** The name, if it is one; else an {@link InvalidContainerNameException} (400). */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new InvalidContainerNameException(name);
        }
        return name;
    }

}
