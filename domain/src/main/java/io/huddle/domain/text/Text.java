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

    /**
     * {@code value} without the white space at either end, by Unicode's reckoning and JavaScript's
     * {@code trim()}: {@link String#strip} leaves the no-break spaces (U+00A0, U+2007, U+202F) and the BOM,
     * so a name a browser had trimmed would be stored with them, or a name of only them be accepted.
     */
    public static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end) {
            int c = value.codePointAt(start);
            if (!isBlank(c)) break;
            start += Character.charCount(c);
        }
        while (end > start) {
            int c = value.codePointBefore(end);
            if (!isBlank(c)) break;
            end -= Character.charCount(c);
        }
        return value.substring(start, end);
    }

    private static boolean isBlank(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
    }

    public static int codePoints(String value) {
        return value.codePointCount(0, value.length());
    }
}
