package io.huddle.application.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MeanwhileTest {
    private final ThreadScheduler scheduler = new ThreadScheduler();

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void the_read_runs_on_another_thread_while_the_caller_makes_its_own() throws InterruptedException {
        var readStarted = new CountDownLatch(1);
        var callerWentOn = new CountDownLatch(1);
        var readOn = new AtomicReference<Thread>();
        var pending = Meanwhile.start(scheduler.alongside(), () -> {
            readOn.set(Thread.currentThread());
            readStarted.countDown();
            // Answers only once the caller has gone on past start: a read made inside start would time out.
            try {
                return callerWentOn.await(10, TimeUnit.SECONDS) ? "read" : "timed out";
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(readStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(readOn.get()).isNotSameAs(Thread.currentThread());
        callerWentOn.countDown();
        assertThat(pending.await()).isEqualTo("read");
    }

    @Test
    void await_throws_what_the_read_threw() {
        var failure = new IllegalStateException("the store did not answer");
        var pending = Meanwhile.start(scheduler.alongside(), () -> {
            throw failure;
        });

        assertThatThrownBy(pending::await).isSameAs(failure);
    }

    @Test
    void a_read_no_thread_was_free_for_is_made_by_the_caller_instead_of_waited_for() {
        var busy = new CountDownLatch(1);
        for (int i = 0; i < ThreadScheduler.ALONGSIDE_THREADS; i++) {
            scheduler.alongside().execute(() -> {
                try {
                    busy.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        var readOn = new AtomicReference<Thread>();
        var pending = Meanwhile.start(scheduler.alongside(), () -> {
            readOn.set(Thread.currentThread());
            return 42;
        });

        assertThat(pending.await()).isEqualTo(42);
        assertThat(readOn.get()).isSameAs(Thread.currentThread());
        busy.countDown();
    }

    @Test
    void a_read_dropped_by_a_stopping_process_is_made_by_the_caller() {
        scheduler.close();
        var pending = Meanwhile.start(scheduler.alongside(), () -> 42);

        assertThat(pending.await()).isEqualTo(42);
    }
}
