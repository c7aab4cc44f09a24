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
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.MessageLog;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The group commit's writer, where the message log's state decides before any batch does. */
class MessageWriterTest {

    /**
     * While PostgreSQL's breaker is open a send is refused when it is submitted, not when the writer comes round
     * to it: the batch under way may be waiting out a PostgreSQL that hangs for seconds more. Here the writer's
     * thread never runs at all.
     */
    @Test
    void a_send_while_the_log_is_known_down_is_refused_at_once_not_after_the_batch_under_way() {
        var sessions = new InMemorySessionStore();
        var log = new FlakyMessageLog(new InMemoryMessageLog(sessions));
        var writerTasks = new ArrayList<Runnable>();
        var writer = new MessageWriter(
                log, new InMemoryRateLimiter(InstantSource.system()), stored -> {}, stuckWriter(writerTasks));
        var session = TestSessions.session(Instant.now());
        sessions.create(session);
        log.down = true;

        var sent = writer.submit(append(session, "hi"), List.of());

        assertThat(sent).isCompletedExceptionally();
        assertThat(sent.exceptionNow()).isInstanceOf(StoreUnavailable.class);
        assertThat(writerTasks).as("nothing queued for the writer").isEmpty();
    }

    /**
     * The sends queued behind a batch that waits for a PostgreSQL gone quiet are refused as soon as the breaker
     * is known open (the next send submitted finds it so), not when that batch gives up.
     */
    @Test
    void the_sends_queued_behind_the_batch_under_way_are_refused_with_the_first_send_that_finds_the_log_down() {
        var sessions = new InMemorySessionStore();
        var log = new FlakyMessageLog(new InMemoryMessageLog(sessions));
        var writer = new MessageWriter(
                log, new InMemoryRateLimiter(InstantSource.system()), stored -> {}, stuckWriter(new ArrayList<>()));
        var session = TestSessions.session(Instant.now());
        sessions.create(session);
        var queued = writer.submit(append(session, "queued"), List.of());
        assertThat(queued).as("waiting for the writer").isNotDone();

        log.down = true;
        var next = writer.submit(append(session, "next"), List.of());

        assertThat(next).isCompletedExceptionally();
        assertThat(queued).isCompletedExceptionally();
        assertThat(queued.exceptionNow()).isInstanceOf(StoreUnavailable.class);
    }

    /**
     * A group commit that dies with an Error (a StackOverflowError in the driver, say) is answered, failed, and
     * the writer takes the next send. Before, it stayed "writing" with no thread writing, and every later send of
     * the process waited for good.
     */
    @Test
    void a_batch_that_dies_with_an_error_is_answered_and_the_next_send_is_written() {
        var sessions = new InMemorySessionStore();
        var log = new FlakyMessageLog(new InMemoryMessageLog(sessions));
        var scheduler = new ManualScheduler();
        scheduler.deferDedicated();
        var writer = new MessageWriter(log, new InMemoryRateLimiter(InstantSource.system()), stored -> {}, scheduler);
        var session = TestSessions.session(Instant.now());
        sessions.create(session);
        log.nextAppendDiesWith = new StackOverflowError();

        var first = writer.submit(append(session, "first"), List.of());
        onItsOwnThread(scheduler);
        var second = writer.submit(append(session, "second"), List.of());
        onItsOwnThread(scheduler);

        assertThat(first).isCompletedExceptionally();
        assertThat(first.exceptionNow()).isInstanceOf(StackOverflowError.class);
        assertThat(second).isCompleted();
        assertThat(second.join())
                .isInstanceOfSatisfying(
                        MessageWriter.Logged.class,
                        logged -> assertThat(logged.appended()).isInstanceOf(MessageLog.Appended.Stored.class));
    }

    /** The writer's tasks as its thread runs them: an Error one of them lets out ends it, and is the thread's. */
    private static void onItsOwnThread(ManualScheduler scheduler) {
        try {
            scheduler.runDedicated();
        } catch (Error diedWith) {
            // what the thread's uncaught-exception handler would print
        }
    }

    private static MessageLog.Append append(io.huddle.domain.session.Session session, String content) {
        return new MessageLog.Append(session, text(content), new MemberId("m_bob"), "Bob", freshId(), Instant.now());
    }

    /** A scheduler whose writer thread never runs what it is given: it only keeps it in {@code tasks}. */
    private static Scheduler stuckWriter(List<Runnable> tasks) {
        var manual = new ManualScheduler();
        return new Scheduler() {
            @Override
            public void execute(Runnable task) {
                manual.execute(task);
            }

            @Override
            public Executor dedicated(String name) {
                return tasks::add;
            }

            @Override
            public Executor alongside() {
                return manual.alongside();
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                return manual.schedule(delay, task);
            }
        };
    }
}
