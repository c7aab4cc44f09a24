package io.huddle.domain.text;

/**
 * The shape of the ids and tokens the gateway hands out: a prefix, then base64url characters. Checked by
 * hand, not with a regex: message ids are built for every message read from the log or the event bus, and
 * member ids for every member of a roster read, so a matcher per id was a visible share of the CPU.
 */
public final class Base64Url {
    private Base64Url() {}

    /** True when {@code value} is {@code prefix} followed by {@code min} to {@code max} base64url characters. */
    public static boolean isPrefixed(String value, String prefix, int min, int max) {
        if (value == null || !value.startsWith(prefix)) return false;
        int length = value.length() - prefix.length();
        if (length < min || length > max) return false;
        for (int i = prefix.length(); i < value.length(); i++) {
            if (!isBase64Url(value.charAt(i))) return false;
        }
        return true;
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
