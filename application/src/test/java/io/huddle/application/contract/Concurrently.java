package io.huddle.application.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one task on many threads released at the same moment, to provoke races in contract tests. */
public final class Concurrently {
    private Concurrently() {}

    /** A task that knows which of the concurrent runs it is. */
    @FunctionalInterface
    public interface IndexedTask<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code task} on {@code threads} threads that all start together; returns each run's result, by index. */
    public static <T> List<T> run(int threads, IndexedTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var ready = new CountDownLatch(threads);
            var start = new CountDownLatch(1);
            var futures = new ArrayList<Future<T>>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> call = () -> {
                    ready.countDown();
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            ready.await();
            start.countDown();
            var results = new ArrayList<T>();
            // The bound only keeps a deadlocked store from hanging the build.
            for (var future : futures) results.add(future.get(60, TimeUnit.SECONDS));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
