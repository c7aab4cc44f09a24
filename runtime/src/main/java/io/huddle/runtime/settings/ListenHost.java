package io.huddle.runtime.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code HOST}, checked before anything listens: an IPv4 literal, an IPv6 literal (bare or in brackets,
 * with a zone if need be), or a host name that resolves. A value that looks like an IPv4 address but is
 * not one ({@code 999.1.1.1}) is refused as such rather than looked up as a name.
 */
final class ListenHost {
    private static final String ACCEPTS = "is not an address to listen on; use an IPv4 or IPv6 address (e.g. 0.0.0.0,"
            + " 127.0.0.1, ::) or a host name that resolves";

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Digits and dots only, or a last label of digits: meant as an IPv4 address (no top-level domain is numeric). */
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+|.*\\.[0-9]+");
    /** Labels of letters, digits, hyphens (and underscores, which some container DNS names carry). */
    private static final Pattern NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");

    private static final Pattern IPV6_CHARS = Pattern.compile("\\[?[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?]?");

    private ListenHost() {}

    /** {@code raw} as given, or a {@link SettingException} naming {@code HOST} and what it accepts. */
    static String check(String raw, Predicate<String> resolves) {
        boolean ipv6 = raw.contains(":");
        boolean ipv4 = !ipv6 && IPV4_LIKE.matcher(raw).matches();
        boolean valid = ipv6
                ? isIpv6Literal(raw)
                : ipv4 ? IPV4.matcher(raw).matches() : NAME.matcher(raw).matches();
        if (!valid) throw SettingException.of("HOST", raw, false, ACCEPTS);
        if (!ipv6 && !ipv4 && !resolves.test(raw)) {
            throw SettingException.of(
                    "HOST",
                    raw,
                    false,
                    "does not resolve; use an IPv4 or IPv6 address (e.g. 0.0.0.0, 127.0.0.1, ::)"
                            + " or a host name that resolves");
        }
        return raw;
    }

    /** Whether the system resolver knows {@code name}. */
    static boolean resolves(String name) {
        try {
            InetAddress.getByName(name);
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    /** The JDK parses a value with a colon as an IPv6 literal and never looks it up. */
    private static boolean isIpv6Literal(String raw) {
        if (!IPV6_CHARS.matcher(raw).matches() || raw.startsWith("[") != raw.endsWith("]")) return false;
        try {
            InetAddress.getByName(raw);
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
