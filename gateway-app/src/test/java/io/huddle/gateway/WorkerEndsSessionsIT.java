package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.body;
import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.UseCases;
import io.huddle.application.concurrency.ThreadScheduler;
import io.huddle.application.maintenance.MaintenanceJob;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.runtime.Infrastructure;
import io.huddle.runtime.Service;
import io.huddle.runtime.Wiring;
import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.settings.Env;
import io.huddle.runtime.settings.MaintenanceSettings;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker (its own stores, as a worker process has) ends a session that two gateway instances
 * serve, when it expires: the end is published as {@code SessionEnded(EXPIRED)}, the sockets on both
 * instances get {@code session:terminated} with reason {@code expired} and close with {@code 4004}, and
 * on both instances the code answers {@code 404} and the tokens stop working. The time is controlled, and
 * one second before the deadline nothing ends.
 */
class WorkerEndsSessionsIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private final AtomicReference<Instant> now =
            new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final InstantSource clock = now::get;
    private Service a;
    private Service b;
    private Infrastructure worker;
    private final ThreadScheduler scheduler = new ThreadScheduler();
    private MaintenanceJob expire;
    private final List<SessionEvent> published = new CopyOnWriteArrayList<>();

    private static Map<String, String> env() {
        var env = new HashMap<String, String>();
        env.put("PORT", "0");
        env.put("REDIS_URL", redis.url().toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", redis.prefix());
        env.put(
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.put("HUDDLE_AUTH_MODE", "open");
        env.put("LOG_LEVEL", "WARN");
        return env;
    }

    @BeforeEach
    void start_two_gateways_and_a_worker() {
        a = Gateway.start(GatewayConfig.from(new Env(env())), clock);
        b = Gateway.start(GatewayConfig.from(new Env(env())), clock);
        var common = CommonSettings.from(new Env(env()), 0);
        worker = Infrastructure.start(common, new SimpleMeterRegistry(), clock);
        expire = UseCases.wire(
                        worker.ports(), Wiring.settings(common, MaintenanceSettings.defaults()), clock, scheduler)
                .expireSessions();
    }

    @AfterEach
    void stop_them() {
        a.close();
        b.close();
        worker.close();
        scheduler.close();
    }

    @Test
    void a_session_the_worker_expires_closes_its_sockets_on_both_instances_answers_404_and_its_tokens_stop_working() {
        var created = body(send(a, "POST", "/api/sessions", null, "{\"ttlSeconds\":60}"));
        var code = created.path("session").path("code").asText();
        var expiresAt = Instant.parse(created.path("session").path("expiresAt").asText());
        var ownerToken = created.path("member").path("token").asText();
        var memberToken = body(send(b, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"Ana\"}"))
                .path("member")
                .path("token")
                .asText();
        // Only endings: the sockets opening below publish their members' presence on the same bus.
        worker.ports().events().subscribe(new SessionCode(code), event -> {
            if (event instanceof SessionEvent.SessionEnded) published.add(event);
        });
        var ownerSocket = TestSocket.open(a.port(), ownerToken, "");
        var memberSocket = TestSocket.open(b.port(), memberToken, "");
        ownerSocket.next("welcome");
        memberSocket.next("welcome");

        now.set(expiresAt.minusSeconds(1));
        expire.handle();

        assertThat(published).isEmpty();
        assertThat(send(a, "GET", "/api/sessions/" + code, memberToken, null).statusCode())
                .isEqualTo(200);

        now.set(expiresAt);
        expire.handle();

        // Events travel through Redis pub/sub in connected mode: they arrive, but not within the call.
        Poll.until(Duration.ofSeconds(10), "the end is published", () -> !published.isEmpty());
        assertThat(published).containsExactly(new SessionEvent.SessionEnded(new SessionCode(code), EndReason.EXPIRED));
        for (TestSocket socket : List.of(ownerSocket, memberSocket)) {
            assertThat(socket.next("session:terminated").path("reason").asText())
                    .isEqualTo("expired");
            assertThat(socket.awaitClose()).isEqualTo(4004);
        }
        for (Service instance : List.of(a, b)) {
            var join = send(instance, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"Late\"}");
            assertThat(join.statusCode()).isEqualTo(404);
            assertThat(body(join).path("code").asText()).isEqualTo("session_not_found");
            assertThat(send(instance, "GET", "/api/sessions/" + code, memberToken, null)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(send(instance, "GET", "/api/sessions/" + code, ownerToken, null)
                            .statusCode())
                    .isEqualTo(401);
        }
    }
}
