package io.huddle.bench.load;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/** Short codes for what went wrong, as the harness counts errors: the server's code, or the socket error's name. */
final class Failures {
    private Failures() {}

    /** A failure the server or the protocol named: {@code http_429}, {@code close_4001}, {@code welcome_timeout}, … */
    static final class Coded extends IOException {
        private final String code;

        Coded(String code, String message) {
            super(message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    static String code(Throwable failure) {
        if (failure instanceof Coded coded) return coded.code();
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
}
