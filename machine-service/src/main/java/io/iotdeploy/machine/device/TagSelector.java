package io.iotdeploy.machine.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A tag selector, such as {@code site=basement,role=gateway,!retired}: the one parser and matcher of the selector
 * grammar (groups store one, {@code GET /devices?selector=} takes one, deployment-service will pass one through).
 * <p>
 * A selector is one or more terms separated by {@code ,}; a device matches when every term holds:
 * <ul>
 * <li>{@code k=v}: the device has the tag {@code k} with the value {@code v};</li>
 * <li>{@code k!=v}: it has no tag {@code k}, or one with another value (as Kubernetes' {@code !=});</li>
 * <li>{@code k}: it has a tag {@code k}, whatever its value;</li>
 * <li>{@code !k}: it has no tag {@code k}.</li>
 * </ul>
 * Keys and values follow the tag grammar ({@link DeviceTags}); values compare case-sensitively. Spaces around terms
 * and operators are ignored. At most {@value #MAX_LENGTH} characters. Malformed (an {@link InvalidSelectorException}
 * naming the term): an empty selector or term ({@code a=b,,c=d}), a term without a key ({@code =x}) or value
 * ({@code site=}), a term with more than one operator ({@code a=b=c}, {@code !a=b}), a key or value that is no tag's.
 * Kubernetes' set-based terms ({@code in}, {@code notin}) are not (yet) part of it.
 */
public final class TagSelector {

    public static final int MAX_LENGTH = 300;

    private final List<Term> terms;

    private TagSelector(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    /**
     * @throws InvalidSelectorException (400) naming the selector and the term that is malformed
     */
    public static TagSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            throw new InvalidSelectorException(selector, null, "a selector has at least one term, such as site=basement");
        }
        if (selector.length() > MAX_LENGTH) {
            throw new InvalidSelectorException(selector, null,
                    "a selector has at most " + MAX_LENGTH + " characters, not " + selector.length());
        }
        List<Term> terms = new ArrayList<>();
        // -1: a trailing comma is an empty term, not nothing
        for (String written : selector.split(",", -1)) {
            terms.add(Term.parse(selector, written.strip()));
        }
        return new TagSelector(terms);
    }

    /** Whether a device with these tags is selected. */
    public boolean matches(Map<String, String> tags) {
        return this.terms.stream().allMatch((term) -> term.holds(tags));
    }

    /** The selector in its one spelling: terms as written, in their order, without spaces. */
    @Override
    public String toString() {
        return this.terms.stream().map(Term::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TagSelector selector && selector.terms.equals(this.terms);
    }

    @Override
    public int hashCode() {
        return this.terms.hashCode();
    }

    enum Operator {

        EQUALS("="), NOT_EQUALS("!="), EXISTS(""), NOT_EXISTS("!");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

    }

    /** @param value {@code null} for {@link Operator#EXISTS} and {@link Operator#NOT_EXISTS} */
    record Term(String key, Operator operator, String value) {

        static Term parse(String selector, String term) {
            if (term.isEmpty()) {
                throw new InvalidSelectorException(selector, term, "the selector has an empty term (two commas, or "
                        + "one at an end)");
            }
            int equals = term.indexOf('=');
            if (equals >= 0 && term.indexOf('=', equals + 1) >= 0) {
                throw new InvalidSelectorException(selector, term, "term '" + DeviceTags.quoted(term)
                        + "' has more than one '=': a term is k=v, k!=v, k or !k");
            }
            if (equals < 0) {
                boolean negated = term.startsWith("!");
                String key = (negated ? term.substring(1) : term).strip();
                return checked(selector, term, new Term(key, negated ? Operator.NOT_EXISTS : Operator.EXISTS, null));
            }
            boolean notEquals = equals > 0 && term.charAt(equals - 1) == '!';
            String key = term.substring(0, notEquals ? equals - 1 : equals).strip();
            String value = term.substring(equals + 1).strip();
            if (key.startsWith("!")) {
                throw new InvalidSelectorException(selector, term, "term '" + DeviceTags.quoted(term)
                        + "': '!' before a key means that the device lacks it, and takes no value");
            }
            return checked(selector, term, new Term(key, notEquals ? Operator.NOT_EQUALS : Operator.EQUALS, value));
        }

        private static Term checked(String selector, String term, Term parsed) {
            String mistake = (parsed.key.isEmpty()) ? "term '" + DeviceTags.quoted(term) + "' has no key"
                    : DeviceTags.keyMistake(parsed.key);
            if (mistake == null && parsed.value != null) {
                mistake = parsed.value.isEmpty() ? "term '" + DeviceTags.quoted(term) + "' has no value"
                        : DeviceTags.valueMistake(parsed.key, parsed.value);
            }
            if (mistake != null) {
                throw new InvalidSelectorException(selector, term, mistake);
            }
            return parsed;
        }

        boolean holds(Map<String, String> tags) {
            return switch (this.operator) {
                case EQUALS -> this.value.equals(tags.get(this.key));
                case NOT_EQUALS -> !this.value.equals(tags.get(this.key));
                case EXISTS -> tags.containsKey(this.key);
                case NOT_EXISTS -> !tags.containsKey(this.key);
            };
        }

        @Override
        public String toString() {
            return switch (this.operator) {
                case EQUALS, NOT_EQUALS -> this.key + this.operator.symbol + this.value;
                case EXISTS -> this.key;
                case NOT_EXISTS -> this.operator.symbol + this.key;
            };
        }

    }

}
