package io.huddle.runtime.store;

import io.huddle.adapters.postgres.PostgresAdapters;
import io.huddle.adapters.redis.RedisAdapters;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrade from the versions that kept members (with their tokens) and the shared state only in Redis:
 * once at start-up, in the background, every process walks Redis and stores in PostgreSQL whatever live
 * member or state PostgreSQL does not have yet (insert-if-absent, so any number of processes may do it at
 * once, and a second run adds nothing). It waits for PostgreSQL to be migrated and for Redis to answer, and
 * tries again every {@link #RETRY} until one walk went through. Live sessions keep every member and token
 * across the upgrade; a Redis flushed before the first upgraded process started had nothing left to copy.
 */
public final class RedisOnlyCopy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisOnlyCopy.class);
    static final Duration RETRY = Duration.ofSeconds(5);

    private final Thread thread;

    private RedisOnlyCopy(Thread thread) {
        this.thread = thread;
    }

    public static RedisOnlyCopy start(RedisAdapters redis, PostgresAdapters postgres) {
        return new RedisOnlyCopy(
                Thread.ofVirtual().name("huddle-redis-only-copy").start(() -> run(redis, postgres)));
    }

    private static void run(RedisAdapters redis, PostgresAdapters postgres) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (postgres.migrated()) {
                    int added = copyOnce(redis, postgres);
                    if (added > 0) {
                        log.atInfo()
                                .addKeyValue("rows", added)
                                .log("members and states kept only in Redis copied to PostgreSQL");
                    }
                    return;
                }
            } catch (RuntimeException e) {
                log.atDebug().setCause(e).log("copying Redis-only records failed; trying again");
            }
            try {
                Thread.sleep(RETRY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One walk: every live roster and state of Redis, stored where PostgreSQL lacks it. Rows added. */
    public static int copyOnce(RedisAdapters redis, PostgresAdapters postgres) {
        Map<SessionCode, MemberLedger.Roster> rosters = new HashMap<>();
        Map<SessionCode, SharedState> states = new HashMap<>();
        redis.walkRedisOnlyRecords(rosters::put, states::put);
        int added = 0;
        for (var code : rosters.keySet()) {
            added += postgres.adopt(code, Optional.of(rosters.get(code)), Optional.ofNullable(states.remove(code)));
        }
        for (var state : states.entrySet())
            added += postgres.adopt(state.getKey(), Optional.empty(), Optional.of(state.getValue()));
        return added;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
