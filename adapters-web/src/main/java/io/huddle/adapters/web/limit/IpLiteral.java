package io.huddle.adapters.web.limit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals, never host names: {@link InetAddress#getByName} would ask DNS for a name, and
 * what is parsed here comes from headers. Accepts {@code 1.2.3.4}, {@code 1.2.3.4:5678},
 * {@code 2001:db8::1}, {@code [2001:db8::1]} and {@code [2001:db8::1]:443} (ports some proxies add).
 */
final class IpLiteral {
    private static final Pattern V4 = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3})(?::\\d{1,5})?");
    private static final Pattern V6 =
            Pattern.compile("\\[?([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)](?::\\d{1,5})?|([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)");

    private IpLiteral() {}

    static Optional<InetAddress> parse(String text) {
        if (text == null) return Optional.empty();
        String s = text.strip();
        var v4 = V4.matcher(s);
        if (v4.matches()) return octets(v4.group(1));
        var v6 = V6.matcher(s);
        if (v6.matches()) return v6Literal(v6.group(1) != null ? v6.group(1) : v6.group(2));
        return Optional.empty();
    }

    /** The canonical text of an address (IPv6 in Java's full form), so one client is one key. */
    static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address is 4 or 16 bytes", e);
        }
    }

    private static Optional<InetAddress> octets(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) return Optional.empty();
            bytes[i] = (byte) octet;
        }
        return byAddress(bytes);
    }

    private static Optional<InetAddress> v6Literal(String literal) {
        if (literal.isEmpty()) return Optional.empty();
        try {
            // The pattern admits only hex digits, colons and dots with at least one colon: an IPv6
            // literal (maybe malformed), which InetAddress parses without DNS.
            return Optional.of(InetAddress.getByName("[" + literal + "]"));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> byAddress(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
