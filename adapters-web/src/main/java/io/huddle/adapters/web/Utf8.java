package io.huddle.adapters.web;

/**
 * Whether bytes are well-formed UTF-8 as RFC 3629 defines it (its table 4): no overlong forms (such as
 * {@code C0 AF} for {@code /}), no surrogates, nothing past U+10FFFF, no truncated sequence. Jackson's
 * parser decodes overlong forms into the character they spell, so a body that a byte-matching filter in
 * front of the gateway saw as harmless reached members as {@code /} or {@code <}.
 */
final class Utf8 {
    private Utf8() {}

    static boolean isWellFormed(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int secondLow = 0x80;
            int secondHigh = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                if (b == 0xE0) secondLow = 0xA0; // overlong below U+0800
                if (b == 0xED) secondHigh = 0x9F; // surrogates U+D800..U+DFFF
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                if (b == 0xF0) secondLow = 0x90; // overlong below U+10000
                if (b == 0xF4) secondHigh = 0x8F; // past U+10FFFF
            } else {
                return false; // a continuation byte first, C0/C1 (always overlong), or F5..FF
            }
            if (i + length > n) return false;
            int second = bytes[i + 1] & 0xFF;
            if (second < secondLow || second > secondHigh) return false;
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) return false;
            }
            i += length;
        }
        return true;
    }
}
