package io.huddle.adapters.web.ws;

import io.huddle.application.realtime.Scheduler;
import java.util.ArrayDeque;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket's work (its opening, each frame, its heartbeats, its closing), run one task at a time in
 * arrival order on virtual threads: Jetty's threads only hand tasks over. Holds at most {@code capacity}
 * waiting tasks, so a client cannot queue unbounded work.
 */
final class Inbox {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    private final Scheduler scheduler;
    private final int capacity;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    Inbox(Scheduler scheduler, int capacity) {
        this.scheduler = scheduler;
        this.capacity = capacity;
    }

    /** False when the inbox is full and the task was dropped. */
    boolean offer(Runnable task) {
        synchronized (this) {
            if (tasks.size() >= capacity) return false;
            tasks.add(task);
            if (running) return true;
            running = true;
        }
        scheduler.execute(this::drain);
        return true;
    }

    /** Queues a task that must run whatever the queue holds (closing). */
    void force(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (running) return;
            running = true;
        }
        scheduler.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                log.warn("a socket task failed", e);
            }
        }
    }
}
