package io.iotdeploy.machine.device;

/**
 * A tag selector that {@link TagSelector} cannot parse (400).
 *
 * @see TagProblemAdvice
 */
class InvalidSelectorException extends RuntimeException {

    private final String selector;

    private final String term;

    /**
     * @param selector as written
     * @param term     the term that is malformed, {@code null} when it is the whole selector (empty, too long)
     * @param detail   what is wrong, quoting the term
     */
    InvalidSelectorException(String selector, String term, String detail) {
        super(detail);
        this.selector = (selector != null) ? selector : "";
        this.term = term;
    }

    String selector() {
        return this.selector;
    }

    String term() {
        return this.term;
    }

}
