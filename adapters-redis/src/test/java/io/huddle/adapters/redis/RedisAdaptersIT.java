package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.huddle.application.contract.TestSessions;
import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import io.huddle.domain.health.ProbeStatus;
import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.Role;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.Session;
import io.huddle.testkit.FakeRedis;
import io.huddle.testkit.Poll;
import io.huddle.testkit.Ports;
import io.huddle.testkit.PrivateRedis;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

class RedisAdaptersIT {
    /** Reconnects, retries and restarts finish well within this; it only bounds a failing test. */
    private static final Duration RECOVERY = Duration.ofSeconds(15);

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void both_probes_are_up_against_a_running_redis() {
        try (var adapters = RedisAdapters.connect(settings(redis.url(), "up"), meters)) {
            Poll.until(RECOVERY, "pubsub probe up", () -> isUp(probe(adapters, "pubsub")));

            var ping = probe(adapters, "redis").check();
            var pubsub = probe(adapters, "pubsub").check();

            assertThat(ping.status()).isEqualTo(ProbeStatus.UP);
            assertThat(ping.latency()).isPresent();
            assertThat(pubsub.status()).isEqualTo(ProbeStatus.UP);
            assertThat(pubsub.latency()).isPresent();
        }
    }

    @Test
    void a_redis_7_or_newer_is_compatible() {
        try (var adapters = RedisAdapters.connect(settings(redis.url(), "version"), meters)) {
            assertThat(adapters.incompatibility()).isEmpty();
        }
    }

    @Test
    void a_redis_older_than_7_is_named_with_both_versions_and_its_probe_is_down() {
        try (var old = FakeRedis.ofVersion("6.2.6");
                var adapters = RedisAdapters.connect(settings(old.url(), "old"), meters)) {
            assertThat(adapters.incompatibility())
                    .hasValueSatisfying(why -> assertThat(why)
                            .contains("redis://127.0.0.1:" + old.url().getPort())
                            .contains("Redis 6.2.6")
                            .contains("needs Redis 7.0 or newer"));
            var ping = probe(adapters, "redis").check();
            assertThat(ping.status()).isEqualTo(ProbeStatus.DOWN);
            assertThat(ping.reason())
                    .hasValueSatisfying(reason ->
                            assertThat(reason).contains("6.2.6").contains("7.0").doesNotContain("127.0.0.1"));
        }
    }

    @Test
    void a_redis_that_does_not_answer_is_not_judged_by_its_version_yet() {
        int closedPort = Ports.free();
        try (var adapters =
                RedisAdapters.connect(settings(URI.create("redis://127.0.0.1:" + closedPort), "silent"), meters)) {
            assertThat(adapters.incompatibility()).isEmpty();
        }
    }

    @Test
    void probes_are_named_as_the_health_response_expects() {
        try (var adapters = RedisAdapters.connect(settings(redis.url(), "names"), meters)) {
            assertThat(adapters.probes()).extracting(HealthProbe::name).containsExactly("redis", "pubsub");
        }
    }

    @Test
    void pool_gauges_are_registered_with_the_pool_tag_and_removed_on_close() {
        try (var adapters = RedisAdapters.connect(settings(redis.url(), "gauges"), meters)) {
            adapters.client().ping();

            assertThat(meters.get("redis.pool.idle")
                            .tag("pool", "redis")
                            .gauge()
                            .value())
                    .isGreaterThanOrEqualTo(1);
            assertThat(meters.get("redis.pool.active")
                            .tag("pool", "redis")
                            .gauge()
                            .value())
                    .isZero();
            assertThat(meters.get("redis.pool.waiting")
                            .tag("pool", "redis")
                            .gauge()
                            .value())
                    .isZero();
        }
        assertThat(meters.find("redis.pool.idle").gauges()).isEmpty();
    }

    @Test
    void with_redis_out_of_reach_the_stores_say_store_unavailable_not_a_client_exception() {
        var url = URI.create("redis://127.0.0.1:" + Ports.free());
        try (var adapters = RedisAdapters.connect(settings(url, "stores-down"), meters)) {
            var code = new io.huddle.domain.session.SessionCode("K7M2QX");
            var hash = io.huddle.domain.member.MemberToken.generate(new java.util.Random(1))
                    .hash();

            for (org.junit.jupiter.api.function.ThrowingSupplier<?> call :
                    List.<org.junit.jupiter.api.function.ThrowingSupplier<?>>of(
                            () -> adapters.members().byToken(hash),
                            () -> adapters.members().roster(code),
                            () -> adapters.sessionCache().get(code),
                            () -> adapters.presence().online(code))) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(call::get))
                        .isInstanceOfSatisfying(
                                io.huddle.domain.StoreUnavailable.class,
                                e -> assertThat(e.retryAfter()).isPositive());
            }
            // Two failures opened the breaker: calls fail at once, and say so.
            assertThat(adapters.available()).isFalse();
        }
    }

    /**
     * After a failover the pool's connections may stay open on the old master, now a replica, which answers
     * every write with READONLY: that is Redis unavailable to the callers (they fall back), not a client
     * error, and the breaker stays open until the server takes writes again.
     */
    @Test
    void a_redis_that_became_a_replica_is_unavailable_until_it_is_a_master_again() throws Exception {
        try (var master = PrivateRedis.start()) {
            refusingWrites(
                    "replica", admin -> admin.replicaof("127.0.0.1", master.port()), Jedis::replicaofNoOne, "READONLY");
        }
    }

    /** The same for a Redis out of memory under noeviction: it answers, and refuses writes with OOM. */
    @Test
    void a_redis_out_of_memory_is_unavailable_until_it_takes_writes_again() throws Exception {
        refusingWrites(
                "oom",
                admin -> {
                    admin.configSet("maxmemory-policy", "noeviction");
                    admin.configSet("maxmemory", "1");
                },
                admin -> admin.configSet("maxmemory", "0"),
                "OOM");
    }

    private void refusingWrites(
            String name,
            java.util.function.Consumer<Jedis> refuse,
            java.util.function.Consumer<Jedis> repair,
            String reason)
            throws Exception {
        try (var server = PrivateRedis.start();
                var adapters = RedisAdapters.connect(settings(server.url(), name), meters);
                var admin = new Jedis(server.url())) {
            var session = TestSessions.session(Instant.now());
            adapters.sessionCache().put(session);

            refuse.accept(admin);
            RefusedWrites.keepTheBreakerOpen(adapters, session, reason);

            repair.accept(admin);
            Poll.until(RECOVERY, "the breaker closed", adapters::available);
            assertThat(isUp(probe(adapters, "redis"))).isTrue();
            adapters.sessionCache().put(session);
            assertThat(adapters.sessionCache().get(session.code())).isPresent();
        }
    }

    @Test
    void a_caller_that_finds_every_pooled_connection_busy_fails_alone_and_leaves_the_breaker_closed() throws Exception {
        // One pooled connection, borrowers wait 300 ms: a blocking pop on a healthy Redis holds it for 5 s, long
        // past the three waits below however slowly this machine runs them.
        var busy = new RedisSettings(redis.url(), List.of(), redis.prefix(), "it-busy", Duration.ofMillis(300), 1);
        try (var adapters = RedisAdapters.connect(busy, meters)) {
            var code = new io.huddle.domain.session.SessionCode("K7M2QX");
            adapters.presence().online(code);
            var holder = Thread.ofPlatform().start(() -> adapters.client().blpop(5.0, redis.prefix() + ":nothing"));
            Poll.until(RECOVERY, "the one connection taken", () -> poolActive() == 1);

            for (int i = 0; i < 3; i++) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(
                                () -> adapters.presence().online(code)))
                        .isInstanceOf(io.huddle.domain.StoreUnavailable.class);
            }
            // Three waits that found the pool busy, none of them Redis failing: calls still go to Redis.
            assertThat(adapters.available()).isTrue();
            holder.join();
            assertThat(adapters.presence().online(code)).isEmpty();
        }
    }

    private double poolActive() {
        return meters.get("redis.pool.active").tag("pool", "redis").gauge().value();
    }

    @Test
    void a_closed_port_gives_quick_down_probes_without_the_host_or_password() {
        int closedPort = Ports.free();
        var url = URI.create("redis://:hunter2@127.0.0.1:" + closedPort);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (var adapters = RedisAdapters.connect(settings(url, "closed"), meters)) {
                for (var probe : adapters.probes()) {
                    var result = probe.check();
                    assertThat(result.status()).as(probe.name()).isEqualTo(ProbeStatus.DOWN);
                    assertThat(result.reason())
                            .hasValueSatisfying(reason -> assertThat(reason)
                                    .doesNotContain("127.0.0.1", String.valueOf(closedPort), "hunter2"));
                }
            }
        });
    }

    @Test
    void a_killed_subscriber_connection_is_replaced_and_the_pubsub_probe_recovers() {
        try (var server = PrivateRedis.start();
                var adapters = RedisAdapters.connect(settings(server.url(), "kill"), meters);
                var admin = admin(server)) {
            Poll.until(RECOVERY, "pubsub probe up", () -> isUp(probe(adapters, "pubsub")));
            long before = subscriberId(admin).orElseThrow();

            long killed = admin.clientKill(ClientKillParams.clientKillParams().type(ClientType.PUBSUB));

            // One subscriber connection: the session events', which the pubsub probe round-trips through.
            assertThat(killed).isEqualTo(1);
            Poll.until(
                    RECOVERY,
                    "subscriber reconnected",
                    () -> subscriberId(admin).filter(id -> id != before).isPresent());
            Poll.until(RECOVERY, "pubsub probe up again", () -> isUp(probe(adapters, "pubsub")));
        }
    }

    @Test
    void a_pubsub_probe_that_cannot_be_published_to_a_hung_redis_is_counted() {
        try (var server = PrivateRedis.start();
                var adapters = RedisAdapters.connect(settings(server.url(), "hung"), meters)) {
            Poll.until(RECOVERY, "pubsub probe up", () -> isUp(probe(adapters, "pubsub")));
            server.pause();
            try {
                // The subscriber's connection is still open, so the probe is published, and that hangs.
                assertThat(probe(adapters, "pubsub").check().status()).isEqualTo(ProbeStatus.DOWN);
                Poll.until(
                        RECOVERY,
                        "the unpublished probe counted",
                        () -> meters.find("huddle.pubsub.probe")
                                        .tag("outcome", "unpublished")
                                        .timer()
                                        .count()
                                >= 1);
            } finally {
                server.resume();
            }
            Poll.until(RECOVERY, "pubsub probe up again", () -> isUp(probe(adapters, "pubsub")));
        }
    }

    @Test
    void after_a_redis_restart_both_probes_recover_by_themselves() {
        try (var server = PrivateRedis.start();
                var adapters = RedisAdapters.connect(settings(server.url(), "restart"), meters)) {
            Poll.until(RECOVERY, "pubsub probe up", () -> isUp(probe(adapters, "pubsub")));

            server.kill();
            assertThat(probe(adapters, "redis").check().status()).isEqualTo(ProbeStatus.DOWN);
            assertThat(probe(adapters, "pubsub").check().status()).isEqualTo(ProbeStatus.DOWN);

            server.restart();
            Poll.until(RECOVERY, "redis probe up again", () -> isUp(probe(adapters, "redis")));
            Poll.until(RECOVERY, "pubsub probe up again", () -> isUp(probe(adapters, "pubsub")));
        }
    }

    @Test
    void close_ends_the_subscription() {
        try (var server = PrivateRedis.start();
                var admin = admin(server)) {
            var adapters = RedisAdapters.connect(settings(server.url(), "close"), meters);
            Poll.until(
                    RECOVERY, "subscriber connected", () -> subscriberId(admin).isPresent());

            adapters.close();

            Poll.until(RECOVERY, "subscriber gone", () -> subscriberId(admin).isEmpty());
        }
    }

    @Test
    void an_unusable_url_is_refused_at_once() {
        var ftp = URI.create("ftp://127.0.0.1:21");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisAdapters.connect(settings(ftp, "bad"), meters))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Adapters on {@code server} with a pool of one connection, as a pool used up leaves a caller. */
    private RedisAdapters withOneConnection(PrivateRedis server) {
        return RedisAdapters.connect(
                new RedisSettings(server.url(), List.of(), redis.prefix(), "it-noscript", Duration.ofMillis(500), 1),
                meters);
    }

    private static Enrolled enrolled(String name, Role role, Instant at) {
        return new Enrolled(
                TestSessions.member(name, role, at), TestSessions.token().hash());
    }

    private static void cacheRoster(RedisAdapters adapters, Session session, Enrolled member) {
        adapters.members()
                .putRoster(
                        session.code(),
                        new MemberLedger.Roster(session.expiresAt(), List.of(member)),
                        adapters.members().beginRefill(session.code()));
    }

    /**
     * After Redis lost its scripts (a restart, {@code SCRIPT FLUSH}) the member copy's pipelined writes still go
     * through with one pooled connection: the script is run again once the pipeline gave its connection back.
     * Before, the pipeline held it while the retry waited for a second one, so with the pool used up (here its one
     * connection; in production a burst of joins right after a restart) each write failed after the pool's wait.
     */
    @Test
    void the_member_copy_writes_after_redis_lost_its_scripts_with_one_pooled_connection() throws Exception {
        try (var server = PrivateRedis.start();
                var adapters = withOneConnection(server);
                var admin = new Jedis(server.url())) {
            var now = Instant.now();
            var session = TestSessions.session(now);
            cacheRoster(adapters, session, enrolled("Alice", Role.OWNER, now));

            admin.scriptFlush();
            adapters.members().added(session.code(), session.expiresAt(), enrolled("Bob", Role.MEMBER, now));

            assertThat(adapters.members().roster(session.code()))
                    .hasValueSatisfying(roster -> assertThat(roster)
                            .extracting(Member::displayName)
                            .containsExactlyInAnyOrder("Alice", "Bob"));
        }
    }

    /**
     * A page of a session list is counted in one pipeline, and after Redis lost its scripts the counts still come
     * with one pooled connection: each script is run again once the pipeline gave its connection back.
     */
    @Test
    void a_page_is_counted_after_redis_lost_its_scripts_with_one_pooled_connection() throws Exception {
        try (var server = PrivateRedis.start();
                var adapters = withOneConnection(server);
                var admin = new Jedis(server.url())) {
            var now = Instant.now();
            var sessions = List.of(TestSessions.session(now), TestSessions.session(now));
            for (var session : sessions) {
                var owner = enrolled("Owner", Role.OWNER, now);
                cacheRoster(adapters, session, owner);
                adapters.presence().socketOpened(session, owner.member().id(), "s-" + session.code(), "gw-1");
            }

            admin.scriptFlush();
            var codes = sessions.stream().map(Session::code).toList();

            assertThat(adapters.presence().headcounts(codes))
                    .containsOnlyKeys(codes)
                    .allSatisfy((code, count) -> assertThat(count).isEqualTo(new Headcount(1, 1)));
        }
    }

    /**
     * A subscriber whose connection stays open but hears nothing (Redis stopped with SIGSTOP) is found by its
     * heartbeats going unheard and made again, and delivers once Redis answers. Judged by unheard beats, not by
     * the clock: a watchdog waking late takes no healthy link for dead (RedisEventBusIT's idle and busy tests).
     */
    @Test
    void an_event_subscription_that_hears_none_of_its_heartbeats_is_made_again() throws Exception {
        try (var server = PrivateRedis.start()) {
            var connection = RedisConnectionSettings.from(settings(server.url(), "silent-link"));
            var nodes = connection.nodes();
            var bus = new RedisEventBus(
                            nodes,
                            connection,
                            redis.prefix(),
                            "it-silent-link",
                            new RedisMeters(new SimpleMeterRegistry()),
                            Duration.ofMillis(100))
                    .start();
            try {
                Poll.until(RECOVERY, "the bus is connected", bus::subscribed);
                var session = TestSessions.session(Instant.now());
                var received = new java.util.concurrent.LinkedBlockingQueue<io.huddle.domain.event.SessionEvent>();
                bus.subscribe(session.code(), received::add);

                server.pause();
                try {
                    // Three beats unheard: each publish waits out the 500 ms timeout, so about 2 s.
                    Thread.sleep(3000);
                } finally {
                    server.resume();
                }

                Poll.until(RECOVERY, "the subscription made again", () -> bus.reconnects() > 0);
                var ended = new io.huddle.domain.event.SessionEvent.SessionEnded(
                        session.code(), io.huddle.domain.session.EndReason.OWNER);
                bus.publish(ended);
                assertThat(received.poll(RECOVERY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo(ended);
            } finally {
                bus.close();
                nodes.close();
            }
        }
    }

    private static RedisSettings settings(URI url, String instance) {
        return new RedisSettings(url, List.of(), redis.prefix(), "it-" + instance, Duration.ofMillis(500), 8);
    }

    private static HealthProbe probe(RedisAdapters adapters, String name) {
        return adapters.probes().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static boolean isUp(HealthProbe probe) {
        ProbeResult result = probe.check();
        return result.status() == ProbeStatus.UP;
    }

    private static Jedis admin(PrivateRedis server) {
        return new Jedis(
                "127.0.0.1",
                server.port(),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build());
    }

    /** The id of this test's probe subscriber connection, found by the client name the adapter gives it. */
    private static Optional<Long> subscriberId(Jedis admin) {
        return Arrays.stream(admin.clientList(ClientType.PUBSUB).split("\n"))
                .filter(line -> line.contains(" name=huddle:it-") && line.contains(":event-subscriber "))
                .map(line -> Long.parseLong(line.substring(3, line.indexOf(' '))))
                .findFirst();
    }
}
