package io.huddle.application.message;

import static io.huddle.application.contract.TestMessages.freshId;
import static io.huddle.application.contract.TestMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.concurrency.ManualScheduler;
import io.huddle.application.concurrency.Scheduler;
import io.huddle.application.contract.TestSessions;
import io.huddle.application.memory.InMemoryMessageLog;
import io.huddle.application.memory.InMemoryRateLimiter;
import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.MessageLog;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * A group commit that dies with an Error is answered (failed) and the writer takes the next: before, it stayed
 * "writing" with no thread writing, and every later send of the process waited for good.
 */
class MessageWriterErrorTest {

    @Test
    void a_batch_that_failed_with_an_error_is_answered_and_the_writer_takes_the_next_send() {
        var sessions = new InMemorySessionStore();
        var inMemory = new InMemoryMessageLog(sessions);
        var failNext = new java.util.concurrent.atomic.AtomicBoolean(true);
        MessageLog log = (MessageLog) java.lang.reflect.Proxy.newProxyInstance(
                MessageLog.class.getClassLoader(), new Class<?>[] {MessageLog.class}, (p, method, args) -> {
                    // e.g. OutOfMemoryError / StackOverflowError inside the JDBC driver or Jdbi
                    if (method.getName().equals("appendAll") && failNext.getAndSet(false)) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                    try {
                        return method.invoke(inMemory, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var writer = new MessageWriter(
                log, new InMemoryRateLimiter(InstantSource.system()), stored -> {}, threadThatDiesOnError());
        var session = TestSessions.session(Instant.now());
        sessions.create(session);

        var first = writer.submit(append(session, "first"), List.of());
        var second = writer.submit(append(session, "second"), List.of());

        assertThat(first)
                .as("the failed batch's send is answered (failed), not left waiting")
                .isDone();
        assertThat(second)
                .as("the next send is written: the writer is not stuck 'writing'")
                .isDone();
        assertThat(second).isCompleted();
    }

    private static MessageLog.Append append(io.huddle.domain.session.Session session, String content) {
        return new MessageLog.Append(session, text(content), new MemberId("m_bob"), "Bob", freshId(), Instant.now());
    }

    /** The writer's thread as ThreadScheduler's: a task that throws an Error ends; the next task runs anew. */
    private static Scheduler threadThatDiesOnError() {
        var manual = new ManualScheduler();
        return new Scheduler() {
            public void execute(Runnable task) {
                manual.execute(task);
            }

            public Executor dedicated(String name) {
                return task -> {
                    try {
                        task.run();
                    } catch (Error e) {
                        // the uncaught-exception handler prints it; the thread is gone
                    }
                };
            }

            public Executor alongside() {
                return manual.alongside();
            }

            public Cancellable schedule(Duration delay, Runnable task) {
                return manual.schedule(delay, task);
            }
        };
    }
}
