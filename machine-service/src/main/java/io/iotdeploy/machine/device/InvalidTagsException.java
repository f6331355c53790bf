package io.iotdeploy.machine.device;

/**
 * A device's tags break {@link DeviceTags}' grammar (400): nothing is stored.
 *
 * @see TagProblemAdvice
 */
class InvalidTagsException extends RuntimeException {

    private final String tag;

    /**
     * @param tag    the key of the tag that is wrong (cut if long), {@code null} when it is the whole set (too many)
     * @param detail what is wrong, quoting it
     */
    InvalidTagsException(String tag, String detail) {
        super(detail);
        this.tag = tag;
    }

    String tag() {
        return this.tag;
    }

}
