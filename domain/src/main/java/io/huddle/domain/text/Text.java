package io.huddle.domain.text;

/** Character rules shared by every text field. */
public final class Text {
    private Text() {}

    /** True when {@code value} has a control character; {@code \n} and {@code \t} pass when {@code multiline}. */
    public static boolean hasControlCharacters(String value, boolean multiline) {
        return value.codePoints().anyMatch(c -> isForbidden(c, multiline));
    }

    private static boolean isForbidden(int c, boolean multiline) {
        if (multiline && (c == '\n' || c == '\t')) return false;
        return Character.getType(c) == Character.CONTROL;
    }

    /**
     * True when {@code value} holds a surrogate that is not half of a pair: not a character at all, so it
     * cannot be stored as UTF-8 (it would become {@code ?}). JSON lets a client send one ({@code "\ud800"}).
     */
    public static boolean hasUnpairedSurrogate(String value) {
        return value.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    public static int codePoints(String value) {
        return value.codePointCount(0, value.length());
    }
}
