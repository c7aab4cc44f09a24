package io.huddle.application.concurrency;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Scheduler} of a running process: tasks run on virtual threads (they may wait on Redis or
 * PostgreSQL), and one platform thread does nothing but keep time and hand due tasks over. Each
 * {@link #dedicated} executor is one platform thread.
 */
public final class ThreadScheduler implements Scheduler, AutoCloseable {
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("huddle-realtime-", 0).factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "huddle-realtime-timer");
        thread.setDaemon(true);
        return thread;
    });

    private final List<ExecutorService> dedicated = new CopyOnWriteArrayList<>();

    /** Threads for {@link #alongside}: two reads at once for each of two welcomes or joins. */
    static final int ALONGSIDE_THREADS = 4;

    private final ThreadPoolExecutor alongside = alongsidePool();

    @Override
    public Executor dedicated(String name) {
        var executor = Executors.newSingleThreadExecutor(runnable -> {
            var thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        dedicated.add(executor);
        return task -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                // Stopping: nothing waits for this task any more.
            }
        };
    }

    /** A task no thread is idle for is dropped: {@link Meanwhile#await} makes the read on its caller's thread. */
    @Override
    public Executor alongside() {
        return alongside;
    }

    private static ThreadPoolExecutor alongsidePool() {
        var pool = new ThreadPoolExecutor(
                ALONGSIDE_THREADS,
                ALONGSIDE_THREADS,
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                Thread.ofPlatform().name("huddle-alongside-", 0).daemon().factory(),
                new ThreadPoolExecutor.DiscardPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** After {@link #close}, tasks are dropped: the process is stopping. */
    @Override
    public void execute(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            // Stopping: nothing waits for this task any more.
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        try {
            var scheduled = timer.schedule(() -> execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> scheduled.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> {};
        }
    }

    /** Drops what is scheduled; tasks already running finish on their own. */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdown();
        alongside.shutdown();
        dedicated.forEach(ExecutorService::shutdown);
    }
}
