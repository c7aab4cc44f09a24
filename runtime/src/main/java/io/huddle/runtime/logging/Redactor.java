package io.huddle.runtime.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from what is about to be logged (PROTOCOL.md section 9): values of secret-named keys,
 * and, inside any text, bearer credentials, member tokens, server keys, JWTs, {@code "password":"…"} and
 * {@code password=…} pairs and passwords in URLs. It errs on the side of hiding too much.
 */
final class Redactor {
    static final String REDACTED = "[REDACTED]";

    private static final String SECRET_WORDS =
            "passw(?:or)?d|pwd|secret|token|authori[sz]ation|api[-_]?key|cookie|credential|private[-_]?key";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(?:" + SECRET_WORDS + ").*");

    // scheme://user:password@host -> scheme://user:[REDACTED]@host (user may be empty: redis://:pw@host)
    private static final Pattern URL_PASSWORD = Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://[^\\s/:@]*):[^\\s@]*@");
    private static final Pattern SCHEME_CREDENTIAL = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[^\\s\"',;]+");
    private static final Pattern MEMBER_TOKEN = Pattern.compile("hm_[A-Za-z0-9_-]{43}");
    private static final Pattern SERVER_KEY = Pattern.compile("hk_[A-Za-z0-9_-]{32,128}");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    // "password": "x"  /  "apiKey": 123  (the key only needs to contain a secret word)
    private static final Pattern JSON_PAIR = Pattern.compile("(?i)(\"[^\"]{0,64}?(?:" + SECRET_WORDS
            + ")[^\"]{0,64}?\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,}\\]]+)");
    // password=x  /  db.password: x  /  ?token=x&
    private static final Pattern KEY_VALUE = Pattern.compile("(?i)\\b([A-Za-z0-9_.-]{0,64}?(?:" + SECRET_WORDS
            + ")[A-Za-z0-9_.-]{0,64}?)(\\s*[=:]\\s*)([^\\s&,;\"'}\\]]+)");

    private Redactor() {}

    /** Whether a field, key-value pair or MDC entry of this name holds a secret, whatever its value looks like. */
    static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(key).matches();
    }

    static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String result = URL_PASSWORD.matcher(text).replaceAll("$1:" + Matcher.quoteReplacement(REDACTED) + "@");
        result = SCHEME_CREDENTIAL.matcher(result).replaceAll("$1 " + Matcher.quoteReplacement(REDACTED));
        result = MEMBER_TOKEN.matcher(result).replaceAll("hm_" + Matcher.quoteReplacement(REDACTED));
        result = SERVER_KEY.matcher(result).replaceAll("hk_" + Matcher.quoteReplacement(REDACTED));
        result = JWT.matcher(result).replaceAll(Matcher.quoteReplacement(REDACTED));
        result = JSON_PAIR.matcher(result).replaceAll("$1\"" + Matcher.quoteReplacement(REDACTED) + "\"");
        result = KEY_VALUE
                .matcher(result)
                .replaceAll(m -> m.group(3).equals(REDACTED)
                        ? Matcher.quoteReplacement(m.group())
                        : Matcher.quoteReplacement(m.group(1) + m.group(2) + REDACTED));
        return result;
    }

    /** A field's value as it may be logged: hidden entirely under a secret name, else redacted text. */
    static Object value(String key, Object value) {
        if (isSecretKey(key)) return REDACTED;
        if (value == null || value instanceof Number || value instanceof Boolean) return value;
        return redact(String.valueOf(value));
    }
}
