package io.huddle.application.realtime;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Runs tasks one at a time, in the order they were submitted, on the scheduler's threads: ordering
 * without a thread of one's own. A task that throws does not stop the ones after it.
 */
final class SerialQueue {
    private static final System.Logger LOG = System.getLogger(SerialQueue.class.getName());

    private final Scheduler scheduler;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialQueue(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void submit(Runnable task) {
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
                LOG.log(System.Logger.Level.WARNING, "a queued task failed", e);
            }
        }
    }
}
