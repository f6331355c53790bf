package io.iotdeploy.machine.device;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The tag grammar: what a key and a value may be, and how many a device has. */
class DeviceTagsTests {

    @Test
    void tagsAreKeptSortedByKey() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("site", "basement");
        tags.put("floor", "2");
        tags.put("rack.row_1-a", "B2-east.1_X");
        tags.put("k".repeat(63), "V".repeat(63));
        tags.put("x", "Y");

        assertThat(DeviceTags.of(tags)).containsExactly(Map.entry("floor", "2"), Map.entry("k".repeat(63), "V".repeat(63)),
                Map.entry("rack.row_1-a", "B2-east.1_X"), Map.entry("site", "basement"), Map.entry("x", "Y"));
        assertThat(DeviceTags.of(null)).isEmpty();
        assertThat(DeviceTags.of(Map.of())).isEmpty();
    }

    @Test
    void aMalformedTagIsNamedWithWhatIsWrong() {
        assertInvalid("Site", "basement", "Site", "'Site' is not a tag key: a tag key is 1 to 63 characters: lowercase");
        assertInvalid("", "basement", "", "a tag needs a key");
        assertInvalid("-site", "x", "-site", "is not a tag key");
        assertInvalid("site-", "x", "site-", "is not a tag key");
        assertInvalid("si te", "x", "si te", "is not a tag key");
        assertInvalid("a=b", "x", "a=b", "is not a tag key");
        assertInvalid("!a", "x", "!a", "is not a tag key");
        assertInvalid("a,b", "x", "a,b", "is not a tag key");
        assertInvalid("k".repeat(64), "x", "k".repeat(64).substring(0, 64), "is not a tag key");
        assertInvalid("site", "", "site", "'site' has no value");
        assertInvalid("site", null, "site", "'site' has no value");
        assertInvalid("site", "base ment", "site", "the value 'base ment' of 'site' is not a tag value");
        assertInvalid("site", "x=y", "site", "is not a tag value");
        assertInvalid("site", "a,b", "site", "is not a tag value");
        assertInvalid("site", "_x", "site", "is not a tag value");
        assertInvalid("site", "v".repeat(64), "site", "is not a tag value");
        assertInvalid("site", "k\u00f6ln", "site", "is not a tag value");
        assertInvalid("iotdeploy.arch", "x86_64", "iotdeploy.arch", "is reserved");
    }

    @Test
    void aDeviceHasAtMost32Tags() {
        Map<String, String> tags = new HashMap<>();
        IntStream.range(0, 32).forEach((i) -> tags.put("k" + i, "v"));
        assertThat(DeviceTags.of(tags)).hasSize(32);
        tags.put("one-more", "v");
        assertThatExceptionOfType(InvalidTagsException.class).isThrownBy(() -> DeviceTags.of(tags))
            .withMessage("a device has at most 32 tags, not 33")
            .satisfies((ex) -> assertThat(ex.tag()).isNull());
    }

    @Test
    void ofSeveralMistakesTheFirstKeyIsNamed() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("zone", "");
        tags.put("Area", "x");
        assertThatExceptionOfType(InvalidTagsException.class).isThrownBy(() -> DeviceTags.of(tags))
            .satisfies((ex) -> assertThat(ex.tag()).isEqualTo("Area"));
    }

    @Test
    void aLongKeyIsQuotedByItsBeginning() {
        String key = "K".repeat(500);
        assertThatExceptionOfType(InvalidTagsException.class).isThrownBy(() -> DeviceTags.of(Map.of(key, "v")))
            .satisfies((ex) -> {
                assertThat(ex.tag()).isEqualTo("K".repeat(70) + "…");
                assertThat(ex.getMessage()).hasSizeLessThan(300);
            });
    }

    private static void assertInvalid(String key, String value, String tag, String mistake) {
        Map<String, String> tags = new HashMap<>();
        tags.put("good", "tag");
        tags.put(key, value);
        assertThatExceptionOfType(InvalidTagsException.class).as("%s=%s", key, value)
            .isThrownBy(() -> DeviceTags.of(tags))
            .satisfies((ex) -> {
                assertThat(ex.tag()).isEqualTo(tag);
                assertThat(ex.getMessage()).contains(mistake);
            });
    }

}
