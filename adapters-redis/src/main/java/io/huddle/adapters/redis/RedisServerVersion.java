package io.huddle.adapters.redis;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The oldest Redis these adapters work with, 7.0 (sharded pub/sub and the 7.0 expiry commands), and
 * the check of a server's {@code INFO server} against it.
 */
final class RedisServerVersion {
    static final int MIN_MAJOR = 7;
    static final int MIN_MINOR = 0;
    private static final Pattern VERSION = Pattern.compile("(?m)^redis_version:(\\d+)\\.(\\d+)(\\.\\d+)?\\s*$");

    private RedisServerVersion() {}

    /**
     * Why the server whose {@code INFO server} reads {@code info} cannot serve, in one sentence naming
     * both versions; empty when it can. A reply without a version (a proxy, a fork) is given the
     * benefit of the doubt: the commands themselves will say if they are missing.
     */
    static Optional<String> tooOld(String info) {
        var m = VERSION.matcher(info);
        if (!m.find()) return Optional.empty();
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major > MIN_MAJOR || (major == MIN_MAJOR && minor >= MIN_MINOR)) return Optional.empty();
        String version = m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : m.group(3));
        return Optional.of("is Redis " + version + "; Huddle needs Redis " + MIN_MAJOR + "." + MIN_MINOR + " or newer");
    }
}
