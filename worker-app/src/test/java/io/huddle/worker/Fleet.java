package io.huddle.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.adapters.postgres.PostgresAdapters;
import io.huddle.adapters.redis.RedisAdapters;
import io.huddle.application.Ports;
import io.huddle.application.UseCases;
import io.huddle.application.concurrency.ThreadScheduler;
import io.huddle.application.contract.TestClock;
import io.huddle.application.maintenance.MaintenanceJob;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.JoinSession;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.UserTokens;
import io.huddle.runtime.Maintenance;
import io.huddle.runtime.Wiring;
import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.settings.Env;
import io.huddle.runtime.settings.MaintenanceSettings;
import io.huddle.runtime.store.CachedMemberStore;
import io.huddle.runtime.store.CachedStateStore;
import io.huddle.runtime.store.HotCopyRepairs;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a worker runs on, on real PostgreSQL and Redis, with a clock that moves only when a test moves
 * it (it starts at the real time, so Redis's own expiries stay in the future) and one recording
 * event bus shared by every worker made here. Sessions are made by the gateway's use cases.
 */
final class Fleet implements AutoCloseable {
    final TestClock clock = TestClock.startingNow();
    final RecordingEventBus events = new RecordingEventBus();
    final CommonSettings common;
    final RedisAdapters redis;
    final PostgresAdapters postgres;
    final Ports stores;
    private final CreateSession create;
    private final JoinSession join;
    private final ThreadScheduler scheduler = new ThreadScheduler();
    private final HotCopyRepairs repairs = new HotCopyRepairs();

    Fleet(PostgresSchema db, RedisPrefix prefix, Map<String, String> settings) {
        var env = new HashMap<String, String>();
        env.put("REDIS_URL", prefix.url().toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", prefix.prefix());
        env.put(
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.putAll(settings);
        common = CommonSettings.from(new Env(env), 0);
        var meters = new SimpleMeterRegistry();
        redis = RedisAdapters.connect(common.redis().orElseThrow(), meters, clock);
        postgres = PostgresAdapters.connect(common.postgres().orElseThrow(), meters, clock);
        assertThat(postgres.migrated()).isTrue();
        stores = new Ports(
                postgres.sessions(),
                redis.sessionCache(),
                new CachedMemberStore(postgres.members(), redis.members(), repairs),
                redis.presence(),
                events,
                new CachedStateStore(postgres.state(), redis.state(), repairs, clock),
                postgres.messages(),
                redis.recentMessages(common.historyCacheSize()),
                redis.relay(common.historyCacheSize()),
                redis.rateLimiter(),
                redis.instances(),
                UserTokens.NONE);
        var useCases = useCases(MaintenanceSettings.defaults());
        create = useCases.createSession();
        join = useCases.joinSession();
    }

    UseCases useCases() {
        return useCases(MaintenanceSettings.defaults());
    }

    private UseCases useCases(MaintenanceSettings settings) {
        return UseCases.wire(stores, Wiring.settings(common, settings), clock, scheduler);
    }

    /** One worker's jobs on the shared stores, by name; each call makes a new worker. */
    Map<String, MaintenanceJob> worker(MaintenanceSettings settings) {
        var jobs = new HashMap<String, MaintenanceJob>();
        for (var job : scheduled(settings)) jobs.put(job.name(), job.job());
        return jobs;
    }

    List<Maintenance.ScheduledJob> scheduled(MaintenanceSettings settings) {
        return Maintenance.jobs(useCases(settings), settings);
    }

    /** A live session made by CreateSession (its owner joined) with {@code ttl}. */
    CreateSession.Created created(Duration ttl) {
        var outcome = create.handle(new CreateSession.Command(
                new OwnerId("owner"),
                Optional.empty(),
                OptionalLong.empty(),
                OptionalLong.of(ttl.toSeconds()),
                Optional.empty()));
        assertThat(outcome).isInstanceOf(CreateSession.Created.class);
        return (CreateSession.Created) outcome;
    }

    Session session(Duration ttl) {
        return created(ttl).session().session();
    }

    JoinSession.Joined joined(SessionCode code, String name) {
        var outcome = join.handle(new JoinSession.Command(code, Optional.of(name), Optional.empty()));
        assertThat(outcome).isInstanceOf(JoinSession.Joined.class);
        return (JoinSession.Joined) outcome;
    }

    /** The session as PostgreSQL has it. */
    Session stored(SessionCode code) {
        return stores.sessions().find(code).orElseThrow();
    }

    @Override
    public void close() {
        scheduler.close();
        repairs.close();
        redis.close();
        postgres.close();
    }
}
