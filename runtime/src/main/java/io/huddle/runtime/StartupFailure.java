package io.huddle.runtime;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Optional;

/**
 * The process cannot start for a reason an operator can fix (a port in use, a Redis too old): its
 * message is the one line {@link Launcher#startOrExit} prints before exiting with code 2, so it names
 * what is wrong and what to change, and never holds a secret. No stack trace: this is an answer, not a bug.
 */
public final class StartupFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupFailure(String message) {
        super(message, null, false, false);
    }

    /**
     * {@code HOST} and {@code port} could not be bound; {@code setting} ({@code PORT} or
     * {@code HUDDLE_MANAGEMENT_PORT}) names the port and {@code cause} is the network's answer
     * ({@link BindException}, {@link UnresolvedAddressException}). The line starts with the setting to
     * change: {@code HOST} for an address this machine does not have or a name that does not resolve, the
     * port's setting for a port another process holds or one that needs privileges.
     */
    public static StartupFailure cannotListen(String setting, String host, int port, Throwable cause) {
        String where = setting + ": " + port + " on HOST " + host;
        if (cause instanceof UnresolvedAddressException) {
            return new StartupFailure("HOST: " + host + " does not resolve to an address, so " + setting + " "
                    + port + " cannot be bound; set HOST to an address of this machine (e.g. 0.0.0.0, 127.0.0.1,"
                    + " ::) or a host name that resolves to one");
        }
        String answer = Optional.ofNullable(cause.getMessage())
                .filter(m -> !m.isBlank())
                .orElse(cause.getClass().getSimpleName());
        String lower = answer.toLowerCase(Locale.ROOT);
        if (lower.contains("in use")) {
            return new StartupFailure(where + " is already in use by another process; stop that process or set "
                    + setting + " to a free port");
        }
        if (lower.contains("assign requested address") || !isOwnAddress(host)) {
            return new StartupFailure("HOST: " + host + " is not an address of this machine, so " + setting + " "
                    + port + " cannot be bound there (" + answer + "); set HOST to one of its addresses, or 0.0.0.0"
                    + " or :: for all of them");
        }
        if (lower.contains("permission denied") || lower.contains("access")) {
            return new StartupFailure(where + " needs a privilege this process does not have (" + answer + "); set "
                    + setting + " to a port from 1024 up");
        }
        return new StartupFailure(
                where + " cannot be bound (" + answer + "); check HOST and " + setting + " (docs/operations.md)");
    }

    /** Whether {@code host} is a wildcard or an address of one of this machine's interfaces; true when unknown. */
    private static boolean isOwnAddress(String host) {
        try {
            var address = InetAddress.getByName(host);
            return address.isAnyLocalAddress()
                    || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
