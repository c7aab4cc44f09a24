package io.huddle.domain.text;

import java.util.Optional;

/**
 * The display-name rule, shared by the creator and everyone who joins: 1 to 50 characters, one line, at
 * least one visible character, and no bidirectional override or isolate. Other members read a name to know
 * who wrote: a name of zero-width spaces shows as nobody, and an override (U+202E) shows its characters in
 * another order than they are stored, so "Alice" could be written to show as someone else's name.
 */
public final class DisplayNames {
    private DisplayNames() {}

    public static Optional<String> check(String field, String raw, Violations violations) {
        var name = violations.text(field, raw, 1, 50, false);
        if (name.isEmpty()) return name;
        var value = name.get();
        if (value.codePoints().anyMatch(DisplayNames::isBidiOverrideOrIsolate)) {
            violations.add(
                    field,
                    "must not contain bidirectional override or isolate characters (U+202A..U+202E, U+2066..U+2069)");
            return Optional.empty();
        }
        if (value.codePoints().noneMatch(DisplayNames::isVisible)) {
            violations.add(field, "must contain a visible character");
            return Optional.empty();
        }
        return name;
    }

    private static boolean isBidiOverrideOrIsolate(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** A letter, digit, punctuation mark or symbol (emoji included): what shows on its own. */
    private static boolean isVisible(int c) {
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
