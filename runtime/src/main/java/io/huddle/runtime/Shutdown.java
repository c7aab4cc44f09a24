package io.huddle.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Stops the process gracefully on SIGTERM or SIGINT and exits with code 0 (a plain shutdown hook
 * would exit with 143). A second signal while draining exits at once.
 */
public final class Shutdown {
    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

    private Shutdown() {}

    /**
     * Runs {@code drain} once on the first signal, then exits 0; a crash in it exits 1. The drain thread
     * is not a daemon (the signal thread is), or the JVM would end as soon as the server threads stop,
     * before the stores close.
     */
    public static void onSignal(Runnable drain) {
        var started = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                if (!started.compareAndSet(false, true)) {
                    log.warn("second signal while draining: exiting now");
                    Runtime.getRuntime().halt(1);
                }
                Thread.ofPlatform().name("huddle-shutdown").daemon(false).start(() -> {
                    log.atInfo().addKeyValue("signal", "SIG" + signal.getName()).log("draining before exit");
                    int status = 0;
                    try {
                        drain.run();
                        log.info("stopped");
                    } catch (RuntimeException e) {
                        log.error("error while stopping", e);
                        status = 1;
                    }
                    System.exit(status);
                });
            });
        }
    }
}
