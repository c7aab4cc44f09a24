package io.huddle.adapters.web;

import java.util.UUID;
import java.util.regex.Pattern;

/** PROTOCOL.md section 4: keep the caller's {@code X-Correlation-Id} when it is safe to echo and log, else make one. */
public final class CorrelationIds {
    public static final String HEADER = "X-Correlation-Id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** A member token or a server key has the accepted form too; echoed, it would sit in every log line. */
    private static final Pattern CREDENTIAL = Pattern.compile("h[mk]_[A-Za-z0-9_-]{32,}");

    private CorrelationIds() {}

    public static String keepOrCreate(String offered) {
        if (offered != null
                && ACCEPTED.matcher(offered).matches()
                && !CREDENTIAL.matcher(offered).matches()) return offered;
        return UUID.randomUUID().toString();
    }
}
