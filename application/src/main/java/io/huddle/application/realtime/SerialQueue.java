package io.huddle.application.realtime;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Runs tasks one at a time, in the order they were submitted, on the scheduler's threads: ordering
 * without a thread of one's own. A task that throws does not stop the ones after it. {@link #offer}
 * is bounded, so a client cannot queue unbounded work; {@link #submit} always queues (closing work).
 */
public final class SerialQueue {
    private static final System.Logger LOG = System.getLogger(SerialQueue.class.getName());

    private final Scheduler scheduler;
    private final int capacity;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    /** Unbounded: for work the process itself produces. */
    public SerialQueue(Scheduler scheduler) {
        this(scheduler, Integer.MAX_VALUE);
    }

    /** {@link #offer} refuses tasks once {@code capacity} are waiting. */
    public SerialQueue(Scheduler scheduler, int capacity) {
        this.scheduler = scheduler;
        this.capacity = capacity;
    }

    /** False when {@code capacity} tasks are already waiting and this one was dropped. */
    public boolean offer(Runnable task) {
        return enqueue(task, true);
    }

    /** Queues a task that must run whatever the queue holds. */
    public void submit(Runnable task) {
        enqueue(task, false);
    }

    private boolean enqueue(Runnable task, boolean bounded) {
        synchronized (this) {
            if (bounded && tasks.size() >= capacity) return false;
            tasks.add(task);
            if (running) return true;
            running = true;
        }
        scheduler.execute(this::drain);
        return true;
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
