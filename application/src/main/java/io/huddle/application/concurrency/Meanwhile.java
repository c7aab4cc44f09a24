package io.huddle.application.concurrency;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A read started on another thread while the caller makes reads of its own, so that independent round
 * trips to the stores overlap instead of adding up (a welcome's reads wait for the slowest, not for their
 * sum: with Redis and PostgreSQL a network hop away, each round trip saved is that hop).
 *
 * <p>{@link #await} gives the read's result, or throws what the read threw, exactly as if the caller had
 * made the read itself. A read no thread has taken by then (the executor had none free and dropped it, as
 * {@link Scheduler#alongside} does, or the process is stopping) is made by the caller: {@code await} never
 * waits for a task that may never run, and a burst of callers reads in turn, as it would without this.
 */
public final class Meanwhile<T> {
    private final Supplier<T> read;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final CompletableFuture<T> result = new CompletableFuture<>();

    private Meanwhile(Supplier<T> read) {
        this.read = Objects.requireNonNull(read);
    }

    /** Hands {@code read} to {@code threads} ({@link Scheduler#alongside}), which may drop it. */
    public static <T> Meanwhile<T> start(Executor threads, Supplier<T> read) {
        var pending = new Meanwhile<>(read);
        threads.execute(pending::run);
        return pending;
    }

    /** The read's result; its {@link RuntimeException} or {@link Error} rethrown as it was. */
    public T await() {
        run();
        return joined(result);
    }

    /**
     * Waits for {@code future}; a {@link RuntimeException} or {@link Error} it failed with is rethrown as it
     * was, not wrapped, so callers handle it as if they had made the call themselves.
     */
    public static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            if (e.getCause() instanceof Error error) throw error;
            throw e;
        }
    }

    /** Runs the read unless another thread took it first. */
    private void run() {
        if (!taken.compareAndSet(false, true)) return;
        try {
            result.complete(read.get());
        } catch (Throwable e) {
            result.completeExceptionally(e);
        }
    }
}
