package io.huddle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.adapters.redis.RedisAdapters;
import io.huddle.adapters.redis.RedisSettings;
import io.huddle.application.Ports;
import io.huddle.application.UseCases;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.auth.Caller;
import io.huddle.application.concurrency.ThreadScheduler;
import io.huddle.application.message.GetHistory;
import io.huddle.application.message.SendMessage;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.JoinSession;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.message.Message;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.settings.Env;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One process's message use cases on the real stores, wired by {@link Infrastructure} from the same
 * settings a deployment reads: sessions and messages in PostgreSQL (a schema of the test's own),
 * the rest in Redis (a key prefix of the test's own). What its sends publish is recorded by an observer,
 * a second Redis client under another instance id, for the sessions the test {@link #watch}es.
 */
final class RealMessaging implements AutoCloseable {
    private static final InstantSource CLOCK = InstantSource.system();

    final Infrastructure infrastructure;
    final Ports stores;
    final List<SessionEvent> published = new CopyOnWriteArrayList<>();
    final SendMessage send;
    final GetHistory history;
    private final CreateSession create;
    private final JoinSession join;
    private final Authenticate authenticate;
    private final ThreadScheduler scheduler = new ThreadScheduler();

    private final RedisAdapters observer;

    private RealMessaging(CommonSettings settings) {
        infrastructure = Infrastructure.start(settings, new SimpleMeterRegistry(), CLOCK);
        stores = infrastructure.ports();
        var redis = settings.redis().orElseThrow();
        observer = RedisAdapters.connect(
                new RedisSettings(redis.url(), redis.clusterNodes(), redis.keyPrefix(), "observer", redis.timeout(), 2),
                new SimpleMeterRegistry(),
                CLOCK);
        var useCases = UseCases.wire(stores, UseCases.Settings.defaults().withCodeLength(6), CLOCK, scheduler);
        send = useCases.sendMessage();
        history = useCases.getHistory();
        create = useCases.createSession();
        join = useCases.joinSession();
        authenticate = useCases.authenticate();
    }

    /** Connected to {@code redis} and to PostgreSQL through {@code jdbcUrl} (the server's own, or a proxy's), in {@code schema}. */
    static RealMessaging start(RedisPrefix redis, String jdbcUrl, PostgresSchema schema) {
        return start(redis, jdbcUrl, schema, 100);
    }

    /** As {@link #start(RedisPrefix, String, PostgresSchema)}, keeping the newest {@code recentCapacity} messages in Redis. */
    static RealMessaging start(RedisPrefix redis, String jdbcUrl, PostgresSchema schema, int recentCapacity) {
        var server = TestPostgres.server();
        var env = new HashMap<String, String>();
        env.put("REDIS_URL", redis.url().toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", redis.prefix());
        env.put(
                "DATABASE_URL",
                jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "user=" + encoded(server.user()) + "&password="
                        + encoded(server.password()) + "&currentSchema=" + schema.schema());
        env.put("DATABASE_POOL_MAX", "6");
        env.put("DATABASE_POOL_MIN", "1");
        env.put("HUDDLE_HISTORY_CACHE_SIZE", String.valueOf(recentCapacity));
        var messaging = new RealMessaging(CommonSettings.from(new Env(Map.copyOf(env)), 0));
        assertThat(messaging.stores.recentMessages().toString()).contains("RedisRecentMessages");
        assertThat(messaging.stores.messages().getClass().getSimpleName()).isEqualTo("PostgresMessageLog");
        return messaging;
    }

    /** A new session of a fresh owner; its owner as a caller. */
    Caller newSession() {
        var created = (CreateSession.Created) create.handle(new CreateSession.Command(
                new OwnerId("owner-" + System.nanoTime()),
                Optional.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                Optional.empty()));
        return holderOf(created.token().reveal());
    }

    /** A new member of {@code code}, as the caller its token makes. */
    Caller joined(SessionCode code, String name) {
        var joined = (JoinSession.Joined)
                join.handle(new JoinSession.Command(code, Optional.of(name), Optional.of("member")));
        return holderOf(joined.token().reveal());
    }

    Caller holderOf(String bearer) {
        return ((Authenticate.Authenticated) authenticate.handle(Optional.of(bearer))).caller();
    }

    SendMessage.Outcome send(Caller caller, SessionCode code, String content, Optional<String> clientMsgId) {
        return send.handle(new SendMessage.Command(
                caller, code, Optional.of(content), Optional.empty(), Optional.empty(), clientMsgId));
    }

    /** Sends text that must be stored now. */
    Message sent(Caller caller, SessionCode code, String content, Optional<String> clientMsgId) {
        var outcome = send(caller, code, content, clientMsgId);
        assertThat(outcome).isInstanceOf(SendMessage.Sent.class);
        return ((SendMessage.Sent) outcome).message();
    }

    static SessionCode sessionOf(Caller caller) {
        return ((Caller.AsMember) caller).membership().session();
    }

    /** Records everything published on {@code code}'s channel from now on, as another gateway hears it. */
    void watch(SessionCode code) {
        observer.events().subscribe(code, published::add);
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        observer.close();
        scheduler.close();
        infrastructure.close();
    }
}
