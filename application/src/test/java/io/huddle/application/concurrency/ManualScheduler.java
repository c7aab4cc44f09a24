package io.huddle.application.concurrency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code execute} at once on the caller's thread, and scheduled tasks only when a test says so. */
public final class ManualScheduler implements Scheduler {
    private final List<Scheduled> scheduled = new ArrayList<>();

    private static final class Scheduled implements Cancellable {
        final Duration delay;
        final Runnable task;
        boolean cancelled;

        Scheduled(Duration delay, Runnable task) {
            this.delay = delay;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    /** Tasks for a dedicated thread, held once {@link #deferDedicated} was called. */
    private final java.util.ArrayDeque<Runnable> dedicatedTasks = new java.util.ArrayDeque<>();

    private boolean dedicatedLater;

    /**
     * At once on the caller's thread, like {@link #execute}; after {@link #deferDedicated}, when the test calls
     * {@link #runDedicated}.
     */
    @Override
    public java.util.concurrent.Executor dedicated(String name) {
        return task -> {
            synchronized (this) {
                if (dedicatedLater) {
                    dedicatedTasks.add(task);
                    return;
                }
            }
            task.run();
        };
    }

    /**
     * From now on a dedicated thread's tasks wait for {@link #runDedicated}: whoever handed a task over goes on
     * first, as with a thread of its own (a send's caller is answered after it returned, not within its call).
     */
    public synchronized void deferDedicated() {
        dedicatedLater = true;
    }

    /** Runs the dedicated threads' tasks held so far, and those they hand over meanwhile, in order. */
    public void runDedicated() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = dedicatedTasks.poll();
            }
            if (task == null) return;
            task.run();
        }
    }

    private final java.util.concurrent.Executor alongside;

    /** Reads made alongside run at once on the caller's thread, like {@link #execute}. */
    public ManualScheduler() {
        this(Runnable::run);
    }

    /** Reads made alongside run on {@code alongside}: for a test of what overlaps. */
    public ManualScheduler(java.util.concurrent.Executor alongside) {
        this.alongside = alongside;
    }

    @Override
    public java.util.concurrent.Executor alongside() {
        return alongside;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        var entry = new Scheduled(delay, task);
        scheduled.add(entry);
        return entry;
    }

    /** How many scheduled tasks wait, not cancelled. */
    public synchronized int waiting() {
        return (int) scheduled.stream().filter(s -> !s.cancelled).count();
    }

    /** The delays of the waiting tasks. */
    public synchronized List<Duration> delays() {
        return scheduled.stream().filter(s -> !s.cancelled).map(s -> s.delay).toList();
    }

    /** Runs the tasks waiting now, not those they schedule. */
    public void runDueOnce() {
        List<Scheduled> due;
        synchronized (this) {
            due = scheduled.stream().filter(s -> !s.cancelled).toList();
            scheduled.clear();
        }
        due.forEach(s -> s.task.run());
    }

    /** Runs the waiting tasks scheduled with {@code delay}, as if that much time had passed for them alone. */
    public void runScheduledWith(Duration delay) {
        List<Scheduled> due;
        synchronized (this) {
            due = scheduled.stream()
                    .filter(s -> !s.cancelled && s.delay.equals(delay))
                    .toList();
            scheduled.removeAll(due);
        }
        due.forEach(s -> s.task.run());
    }

    /** Runs every waiting task, and those they schedule in turn, as if their time had come. */
    public void runDue() {
        while (true) {
            List<Scheduled> due;
            synchronized (this) {
                due = scheduled.stream().filter(s -> !s.cancelled).toList();
                scheduled.clear();
            }
            if (due.isEmpty()) return;
            due.forEach(s -> s.task.run());
        }
    }
}
