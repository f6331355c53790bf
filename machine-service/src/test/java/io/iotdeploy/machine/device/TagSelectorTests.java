package io.iotdeploy.machine.device;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The selector grammar and what each kind of term selects. */
class TagSelectorTests {

    private static final Map<String, String> GATEWAY = Map.of("site", "basement", "role", "gateway", "floor", "2");

    private static final Map<String, String> SENSOR = Map.of("site", "basement", "role", "sensor");

    private static final Map<String, String> ATTIC = Map.of("site", "attic");

    private static final Map<String, String> UNTAGGED = Map.of();

    /** Each term against a device that has the key with that value, with another value, and without the key. */
    static Stream<Arguments> truthTable() {
        return Stream.of(
                // selector, has role=gateway, has role=sensor, lacks role (site=attic), no tags at all
                Arguments.of("role=gateway", true, false, false, false),
                Arguments.of("role!=gateway", false, true, true, true),
                Arguments.of("role", true, true, false, false),
                Arguments.of("!role", false, false, true, true),
                Arguments.of("site=basement,role=gateway", true, false, false, false),
                Arguments.of("site=basement,role!=gateway", false, true, false, false),
                Arguments.of("site,!role", false, false, true, false),
                Arguments.of("role=gateway,role=sensor", false, false, false, false),
                Arguments.of("role!=gateway,role!=sensor", false, false, true, true),
                Arguments.of("floor=2", true, false, false, false),
                Arguments.of("role=Gateway", false, false, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truthTable")
    void everyTermMustHold(String selector, boolean gateway, boolean sensor, boolean attic, boolean untagged) {
        TagSelector parsed = TagSelector.parse(selector);
        assertThat(parsed.matches(GATEWAY)).as("site=basement,role=gateway,floor=2").isEqualTo(gateway);
        assertThat(parsed.matches(SENSOR)).as("site=basement,role=sensor").isEqualTo(sensor);
        assertThat(parsed.matches(ATTIC)).as("site=attic").isEqualTo(attic);
        assertThat(parsed.matches(UNTAGGED)).as("no tags").isEqualTo(untagged);
    }

    @Test
    void aSelectorHasOneSpellingWithoutSpaces() {
        assertThat(TagSelector.parse(" site = basement ,role!= gateway, ! retired ,gpu").toString())
            .isEqualTo("site=basement,role!=gateway,!retired,gpu");
        assertThat(TagSelector.parse("site = basement")).isEqualTo(TagSelector.parse("site=basement"));
        assertThat(TagSelector.parse("site=a,role=b")).as("the order of the terms is kept")
            .isNotEqualTo(TagSelector.parse("role=b,site=a"));
    }

    @Test
    void keysAndValuesFollowTheTagGrammar() {
        TagSelector selector = TagSelector.parse("rack.row=B2-east_1,a=Z,x9");
        assertThat(selector.matches(Map.of("rack.row", "B2-east_1", "a", "Z", "x9", "1"))).isTrue();
        assertThat(TagSelector.parse("k".repeat(63) + "=" + "V".repeat(63)).matches(Map.of("k".repeat(63),
                "V".repeat(63)))).isTrue();
        assertThat(TagSelector.parse("iotdeploy.arch=x86_64").matches(Map.of()))
            .as("reserved keys can be selected: the platform may set them one day").isFalse();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("site=", "site=", "has no value"),
                Arguments.of("=x", "=x", "has no key"),
                Arguments.of("a=b=c", "a=b=c", "more than one '='"),
                Arguments.of("site=basement,,role=gateway", "", "empty term"),
                Arguments.of("site=basement,", "", "empty term"),
                Arguments.of(",site=basement", "", "empty term"),
                Arguments.of("site=basement, ,role=x", "", "empty term"),
                Arguments.of("!", "!", "has no key"),
                Arguments.of("!=x", "!=x", "has no key"),
                Arguments.of("role!=", "role!=", "has no value"),
                Arguments.of("!role=gateway", "!role=gateway", "takes no value"),
                Arguments.of("!role!=gateway", "!role!=gateway", "takes no value"),
                Arguments.of("!!role", "!!role", "is not a tag key"),
                Arguments.of("Site=basement", "Site=basement", "is not a tag key"),
                Arguments.of("site=base ment", "site=base ment", "is not a tag value"),
                Arguments.of("site==basement", "site==basement", "more than one '='"),
                Arguments.of("-site=x", "-site=x", "is not a tag key"),
                Arguments.of("site=x-", "site=x-", "is not a tag value"),
                Arguments.of("site=a/b", "site=a/b", "is not a tag value"),
                Arguments.of("s\u00e9jour=1", "s\u00e9jour=1", "is not a tag key"),
                Arguments.of("k".repeat(64) + "=v", "k".repeat(64) + "=v", "is not a tag key"),
                Arguments.of("k=" + "v".repeat(64), "k=" + "v".repeat(64), "is not a tag value"),
                Arguments.of("site in (a,b)", "site in (a", "is not a tag key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedSelectorNamesItsTerm(String selector, String term, String mistake) {
        assertThatExceptionOfType(InvalidSelectorException.class).isThrownBy(() -> TagSelector.parse(selector))
            .satisfies((ex) -> {
                assertThat(ex.selector()).isEqualTo(selector);
                assertThat(ex.term()).isEqualTo(term);
                assertThat(ex.getMessage()).contains(mistake);
            });
    }

    @Test
    void anEmptyOrLongSelectorIsMalformedAsAWhole() {
        for (String empty : new String[] { null, "", "   " }) {
            assertThatExceptionOfType(InvalidSelectorException.class).isThrownBy(() -> TagSelector.parse(empty))
                .satisfies((ex) -> assertThat(ex.term()).isNull())
                .withMessageContaining("at least one term");
        }
        String longest = "k=v,".repeat(74) + "ab=c";
        assertThat(longest).hasSize(300);
        assertThat(TagSelector.parse(longest).matches(Map.of("k", "v", "ab", "c"))).isTrue();
        assertThatExceptionOfType(InvalidSelectorException.class).isThrownBy(() -> TagSelector.parse(longest + "v"))
            .satisfies((ex) -> assertThat(ex.term()).isNull())
            .withMessageContaining("at most 300 characters, not 301");
    }

}
