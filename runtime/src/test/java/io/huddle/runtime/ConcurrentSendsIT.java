package io.huddle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.application.message.SendMessage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.session.SessionCode;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 8 threads × 200 concurrent sends into one session, through two use-case instances (two processes'
 * worth of stores: two pools, two Redis clients) on one PostgreSQL schema and one Redis key prefix:
 * seq 1..1600, each once; the same with every send retried once, through the other instance, with
 * its client id: still 1600 stored.
 */
class ConcurrentSendsIT {
    private static final int THREADS = 8;
    private static final int EACH = 200;

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private static RealMessaging first;
    private static RealMessaging second;

    @BeforeAll
    static void start() {
        var url = TestPostgres.server().jdbcUrl();
        first = RealMessaging.start(redis, url, db);
        second = RealMessaging.start(redis, url, db);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    private static RealMessaging instance(int index) {
        return index % 2 == 0 ? first : second;
    }

    private static RealMessaging other(int index) {
        return index % 2 == 0 ? second : first;
    }

    /** A session and one member per thread, each joined through the instance that thread sends through. */
    private static List<Caller> sendersInNewSession() {
        var code = RealMessaging.sessionOf(first.newSession());
        var senders = new ArrayList<Caller>();
        for (int i = 0; i < THREADS; i++) senders.add(instance(i).joined(code, "Sender " + i));
        return senders;
    }

    @Test
    void concurrent_sends_through_two_instances_get_seq_1_to_1600_each_once() throws Exception {
        var senders = sendersInNewSession();
        var code = RealMessaging.sessionOf(senders.getFirst());

        var perThread = concurrently(index -> {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < EACH; i++) {
                seqs.add(instance(index)
                        .sent(senders.get(index), code, index + "/" + i, Optional.empty())
                        .seq());
            }
            return seqs;
        });

        assertEveryMessageStoredOnce(code, perThread);
    }

    @Test
    void every_send_retried_once_with_its_client_id_still_stores_1600() throws Exception {
        var senders = sendersInNewSession();
        var code = RealMessaging.sessionOf(senders.getFirst());

        var perThread = concurrently(index -> {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < EACH; i++) {
                var clientMsgId = Optional.of("c-" + index + "-" + i);
                var stored = instance(index).sent(senders.get(index), code, index + "/" + i, clientMsgId);
                var retried = other(index).send(senders.get(index), code, index + "/" + i, clientMsgId);
                assertThat(retried).isEqualTo(new SendMessage.Duplicate(stored));
                seqs.add(stored.seq());
            }
            return seqs;
        });

        assertEveryMessageStoredOnce(code, perThread);
    }

    private static void assertEveryMessageStoredOnce(SessionCode code, List<List<Long>> perThread) {
        var all = perThread.stream().flatMap(List::stream).sorted().toList();
        assertThat(all)
                .isEqualTo(LongStream.rangeClosed(1, THREADS * EACH).boxed().toList());
        perThread.forEach(seqs -> assertThat(seqs).isSorted());
        var log = second.stores.messages();
        assertThat(log.span(code)).isEqualTo(new LogSpan(0, THREADS * EACH));
        assertThat(log.stats(code).count()).isEqualTo(THREADS * EACH);
        // The recent copy, fed by both instances in whatever order their appends landed, holds the newest.
        var newest = log.page(code, HistoryQuery.latest(100)).messages();
        assertThat(first.stores.recentMessages().latest(code, 100)).isEqualTo(newest);
        assertThat(newest).extracting(Message::seq).startsWith((long) THREADS * EACH - 99);
    }

    @FunctionalInterface
    private interface IndexedTask<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code task} on {@link #THREADS} threads released together; each run's result, by index. */
    private static <T> List<T> concurrently(IndexedTask<T> task) throws Exception {
        try (var pool = Executors.newFixedThreadPool(THREADS)) {
            var ready = new CountDownLatch(THREADS);
            var go = new CountDownLatch(1);
            var futures = new ArrayList<Future<T>>();
            for (int i = 0; i < THREADS; i++) {
                int index = i;
                Callable<T> call = () -> {
                    ready.countDown();
                    go.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            ready.await();
            go.countDown();
            var results = new ArrayList<T>();
            // The bound only keeps a deadlock from hanging the build.
            for (var future : futures) results.add(future.get(120, TimeUnit.SECONDS));
            return results;
        }
    }
}
