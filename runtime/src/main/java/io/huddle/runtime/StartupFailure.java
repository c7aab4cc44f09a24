package io.huddle.runtime;

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

    /** {@code setting} ({@code PORT} or {@code HUDDLE_MANAGEMENT_PORT}) names a port another process holds. */
    public static StartupFailure portInUse(String setting, String host, int port) {
        return new StartupFailure(setting + ": " + host + ":" + port
                + " is already in use by another process; stop that process or set " + setting + " to a free port");
    }
}
