package io.iotdeploy.machine.device;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.iotdeploy.device.ContainerLabels;

/**
 * What a device's tags may be: the one definition of a tag key and value ({@link TagSelector} parses its terms with
 * it). A device carries at most {@value #MAX_TAGS} tags, one value per key.
 * <ul>
 * <li>A key is 1 to 63 characters: <b>lowercase</b> letters, digits, {@code . _ -}, starting and ending with a letter
 * or digit ({@code site}, {@code floor}, {@code role}, {@code rack.row}). Kubernetes' label name without its
 * {@code prefix/} and without upper case: a key is what users type into selectors, so {@code Site} and {@code site}
 * must not be two keys that look alike.</li>
 * <li>A value is 1 to 63 characters: letters of either case, digits, {@code . _ -}, starting and ending with a letter
 * or digit ({@code basement}, {@code 2}, {@code B2-east}, {@code SN4711}), compared case-sensitively. Never empty,
 * unlike Kubernetes' and balena's: a selector term {@code site=} is a mistake (issue 13), so a tag with an empty
 * value could never be selected by its value; a flag is a key with a value ({@code gateway=yes}) or selected by
 * presence ({@code gateway}).</li>
 * <li>Neither contains {@code , = !}, a space or a {@code /}: a selector needs no quoting or escaping, and both fit
 * into a URL query, a path segment, a shell command line and a container label unchanged.</li>
 * <li>Keys starting with {@value #RESERVED_PREFIX} are the platform's (as {@code kubernetes.io/} and balena's
 * {@code io.balena.}): kept free for tags machine-service may one day set itself, such as the architecture.</li>
 * </ul>
 */
final class DeviceTags {

    /** hawkBit caps a target's attributes at 100 as a denial-of-service quota; 32 are plenty for site, floor, role. */
    static final int MAX_TAGS = 32;

    static final int MAX_LENGTH = 63;

    static final String KEY_PATTERN = "[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?";

    static final String VALUE_PATTERN = "[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?";

    /** The platform's own prefix, the same as on the labels of what it creates. */
    static final String RESERVED_PREFIX = ContainerLabels.PREFIX;

    static final String KEY_RULE = "a tag key is 1 to " + MAX_LENGTH + " characters: lowercase letters, digits, "
            + "'.', '_' and '-', starting and ending with a letter or digit";

    static final String VALUE_RULE = "a tag value is 1 to " + MAX_LENGTH + " characters: letters, digits, '.', '_' "
            + "and '-', starting and ending with a letter or digit";

    private static final Pattern KEY = Pattern.compile(KEY_PATTERN);

    private static final Pattern VALUE = Pattern.compile(VALUE_PATTERN);

    /** Quoted input is cut to this many characters, so that a problem detail stays readable. */
    private static final int QUOTED_LENGTH = 70;

    private DeviceTags() {
    }

    /** What is wrong with a key, {@code null} if nothing. */
    static String keyMistake(String key) {
        if (key == null || key.isEmpty()) {
            return "a tag needs a key";
        }
        if (!KEY.matcher(key).matches()) {
            return "'" + quoted(key) + "' is not a tag key: " + KEY_RULE;
        }
        return null;
    }

    /** What is wrong with the value of {@code key}, {@code null} if nothing. */
    static String valueMistake(String key, String value) {
        if (value == null || value.isEmpty()) {
            return "'" + quoted(key) + "' has no value: " + VALUE_RULE;
        }
        if (!VALUE.matcher(value).matches()) {
            return "the value '" + quoted(value) + "' of '" + quoted(key) + "' is not a tag value: " + VALUE_RULE;
        }
        return null;
    }

    /**
     * A device's tags, checked and sorted by key.
     * @param tags {@code null} for none
     * @throws InvalidTagsException naming the first tag that is wrong, and what is wrong with it
     */
    static SortedMap<String, String> of(Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return Collections.emptySortedMap();
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidTagsException(null, "a device has at most " + MAX_TAGS + " tags, not " + tags.size());
        }
        SortedMap<String, String> checked = new TreeMap<>();
        // sorted, so that of several mistakes the same one is named whatever the order of the JSON object
        new TreeMap<>(tags).forEach((key, value) -> {
            String mistake = keyMistake(key);
            if (mistake == null && key.startsWith(RESERVED_PREFIX)) {
                mistake = "'" + quoted(key) + "' is reserved: keys starting with '" + RESERVED_PREFIX
                        + "' are the platform's";
            }
            if (mistake == null) {
                mistake = valueMistake(key, value);
            }
            if (mistake != null) {
                throw new InvalidTagsException(quoted(key), mistake);
            }
            checked.put(key, value);
        });
        return Collections.unmodifiableSortedMap(checked);
    }

    /** The beginning of what a user sent, for a problem detail. */
    static String quoted(String input) {
        if (input == null) {
            return "";
        }
        return (input.length() > QUOTED_LENGTH) ? input.substring(0, QUOTED_LENGTH) + "…" : input;
    }

}
