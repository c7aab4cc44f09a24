package io.huddle.bench.load;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/** Short codes for what went wrong, as the harness counts errors: the server's code, or the socket error's name. */
final class Failures {
    private Failures() {}

    /** A failure the server or the protocol named: {@code http_429}, {@code close_4001}, {@code welcome_timeout}, … */
    static final class Coded extends IOException {
        private final String code;
        private final String tier;

        Coded(String code, String message) {
            this(code, null, message);
        }

        /** A refusal by a rate limit: {@code tier} is the limit the gateway named (null if it named none). */
        Coded(String code, String tier, String message) {
            super(message);
            this.code = code;
            this.tier = tier;
        }

        String code() {
            return code;
        }

        /** The refusing rate limit's tier, or null when this is no rate limit's refusal. */
        String tier() {
            return tier;
        }
    }

    static String code(Throwable failure) {
        if (failure instanceof Coded coded) return coded.code();
        if (unresolved(failure)) return "ENOTFOUND"; // as Node names it: the host name does not resolve
        String message =
                failure.getMessage() == null ? "" : failure.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("too many open files")) return "EMFILE"; // raise ulimit -n
        if (failure instanceof BindException || message.contains("cannot assign requested address")) {
            return "EADDRNOTAVAIL"; // out of ephemeral ports for this source address: add source addresses
        }
        if (failure instanceof HttpConnectTimeoutException) return "connect_timeout";
        if (failure instanceof HttpTimeoutException) return "http_timeout";
        if (failure instanceof ConnectException) {
            return message.contains("timed out") ? "connect_timeout" : "ECONNREFUSED";
        }
        if (failure instanceof SocketTimeoutException) return "timeout";
        if (message.contains("connection reset")) return "ECONNRESET";
        if (message.contains("broken pipe")) return "EPIPE";
        if (failure instanceof SocketException) return "socket:" + failure.getMessage();
        if (failure.getCause() != null && failure.getCause() != failure) return code(failure.getCause());
        return failure.getClass().getSimpleName();
    }

    /** java.net.http reports an unknown host as a ConnectException caused by an UnresolvedAddressException. */
    private static boolean unresolved(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) return true;
        }
        return false;
    }
}
