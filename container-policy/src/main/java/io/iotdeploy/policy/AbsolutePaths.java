package io.iotdeploy.policy;

/** The one form of path the settings accept: absolute and normalized, so that comparing prefixes means what it says. */
final class AbsolutePaths {

    private AbsolutePaths() {
    }

    /**
     * Why {@code path} is not an absolute, normalized path ({@code /a/b}: no {@code .} or {@code ..} segments, no
     * empty segment, no trailing slash, no backslash or NUL), or {@code null} when it is one.
     */
    static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "is empty";
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return "contains a NUL or a backslash";
        }
        if (!path.startsWith("/")) {
            return "is not an absolute path";
        }
        if (path.equals("/")) {
            return null;
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return "is not normalized (an empty segment or a trailing '/')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "is not normalized (a '" + segment + "' segment)";
            }
        }
        return null;
    }

    /** Whether the normalized {@code path} is {@code prefix} or lies below it, segment by segment. */
    static boolean isWithin(String path, String prefix) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

}
