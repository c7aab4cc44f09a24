package io.huddle.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class Base64UrlTest {
    /** Characters around every edge of the base64url ranges, the prefixes' own, and beyond ASCII. */
    private static final String ALPHABET = "@AZ[`az{/09:_-+=msgh .\n\u00e9\u0660\uff21";

    @Test
    void agrees_with_the_regular_expression_it_replaces_on_random_strings() {
        var random = new SplittableRandom(11);
        var shapes = new String[][] {{"msg_", "1", "36"}, {"m_", "1", "38"}, {"hm_", "43", "43"}};
        for (var shape : shapes) {
            var regex = Pattern.compile(Pattern.quote(shape[0]) + "[A-Za-z0-9_-]{" + shape[1] + "," + shape[2] + "}");
            int min = Integer.parseInt(shape[1]);
            int max = Integer.parseInt(shape[2]);
            int accepted = 0;
            for (int i = 0; i < 20_000; i++) {
                var candidate = candidate(random, shape[0], min, max);
                boolean expected = regex.matcher(candidate).matches();
                assertThat(Base64Url.isPrefixed(candidate, shape[0], min, max))
                        .as("%s", candidate)
                        .isEqualTo(expected);
                if (expected) accepted++;
            }
            // Both answers are exercised, not only refusals.
            assertThat(accepted).isBetween(2_000, 18_000);
        }
    }

    /** Often well-formed, often one character or the length off, sometimes with a damaged prefix. */
    private static String candidate(SplittableRandom random, String prefix, int min, int max) {
        var text = new StringBuilder();
        text.append(random.nextInt(8) == 0 ? prefix.substring(0, random.nextInt(prefix.length())) : prefix);
        int length = random.nextInt(4) == 0 ? random.nextInt(max + 3) : min + random.nextInt(max - min + 1);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(length * 3 + 1) == 0) text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            else text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    @Test
    void null_and_the_bare_prefix_are_not_ids() {
        assertThat(Base64Url.isPrefixed(null, "m_", 1, 38)).isFalse();
        assertThat(Base64Url.isPrefixed("m_", "m_", 1, 38)).isFalse();
        assertThat(Base64Url.isPrefixed("m_-", "m_", 1, 38)).isTrue();
    }
}
