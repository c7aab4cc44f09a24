package io.huddle.adapters.redis;

import static io.huddle.application.contract.TestSessions.freshOwner;
import static io.huddle.application.contract.TestSessions.member;
import static io.huddle.application.contract.TestSessions.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestClock;
import io.huddle.application.contract.TestSessions;
import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.message.MessageRelay;
import io.huddle.domain.session.Session;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

/**
 * What the contracts cannot see: the keys the Redis stores write, their TTLs, that nothing is left
 * behind, and the stores handed out by {@link RedisAdapters}. Each test has a key prefix of its own,
 * so a SCAN of it sees that test's keys only.
 */
class RedisStoresIT {
    @RegisterExtension
    static final RedisPrefix layout = TestRedis.freshPrefix();

    @RegisterExtension
    static final RedisPrefix lifetimes = TestRedis.freshPrefix();

    @RegisterExtension
    static final RedisPrefix removal = TestRedis.freshPrefix();

    @RegisterExtension
    static final RedisPrefix names = TestRedis.freshPrefix();

    @RegisterExtension
    static final RedisPrefix scripts = TestRedis.freshPrefix();

    @RegisterExtension
    static final RedisPrefix activity = TestRedis.freshPrefix();

    /** How far a session's expiry is from now in these tests. */
    private static final Duration LIFE = Duration.ofMinutes(10);

    private static RedisClient client;
    private final TestClock clock = TestClock.startingNow();

    @BeforeAll
    static void connect() {
        client = RedisClient.create(layout.url());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void every_key_of_a_session_carries_its_code_as_hash_tag_and_tokens_are_one_global_family() {
        try (var adapters = RedisAdapters.connect(settings(layout), new SimpleMeterRegistry(), clock)) {
            var session = session();
            var alice = member("Alice", Role.OWNER, clock.instant());
            var aliceToken = token();

            adapters.sessionCache().put(session);
            adapters.members()
                    .putRoster(
                            session.code(),
                            new MemberLedger.Roster(
                                    session.expiresAt(), List.of(new Enrolled(alice, aliceToken.hash()))),
                            adapters.members().beginRefill(session.code()));
            adapters.presence().socketOpened(session, alice.id(), "socket-1", "gw-1");

            var tag = layout.prefix() + ":{" + session.code().value() + "}:";
            assertThat(keys(layout))
                    .containsExactlyInAnyOrder(
                            tag + "session",
                            tag + "members",
                            tag + "presence",
                            tag + "online",
                            layout.prefix() + ":token:" + aliceToken.hash().hex());
            assertThat(client.hget(tag + "presence", "socket-1"))
                    .isEqualTo(alice.id().value() + "|gw-1");
        }
    }

    @Test
    void every_key_expires_with_its_session_by_redis_own_clock() {
        var store = new RedisMemberCache(client, new RedisKeys(lifetimes.prefix()), clock);
        var cache = new RedisSessionCache(client, new RedisKeys(lifetimes.prefix()), clock);
        var presence = new RedisPresenceStore(RedisTarget.SINGLE.nodes(), new RedisKeys(lifetimes.prefix()), clock);
        var session = session();
        var alice = member("Alice", Role.OWNER, clock.instant());
        var bob = member("Bob", Role.MEMBER, clock.instant());
        var bobToken = token();
        store.putRoster(
                session.code(),
                new MemberLedger.Roster(
                        session.expiresAt(),
                        List.of(new Enrolled(alice, token().hash()), new Enrolled(bob, bobToken.hash()))),
                store.beginRefill(session.code()));
        store.seen(session.code(), bob.id(), clock.instant().plusSeconds(5));
        cache.put(session);
        cache.touch(session.code(), clock.instant().plusSeconds(5));
        presence.socketOpened(session, alice.id(), "socket-1", "gw-1");

        // Measured before the TTLs, so each TTL, counted from later, is at most this; Redis counts
        // whole milliseconds, hence the truncation.
        var remaining = Duration.between(Instant.now().truncatedTo(ChronoUnit.MILLIS), session.expiresAt())
                .toMillis();
        var found = keys(lifetimes);

        assertThat(found).hasSize(6);
        for (var key : found) {
            assertThat(client.pttl(key))
                    .as("PTTL of %s", key)
                    .isLessThanOrEqualTo(remaining)
                    .isGreaterThan(remaining - Duration.ofMinutes(1).toMillis());
        }
    }

    @Test
    void evicting_a_roster_leaves_no_key_of_the_session_and_no_token_behind() {
        var store = new RedisMemberCache(client, new RedisKeys(removal.prefix()), clock);
        var session = session();
        var enrolled = new ArrayList<Enrolled>();
        for (int i = 0; i < 3; i++)
            enrolled.add(new Enrolled(member("M" + i, Role.MEMBER, clock.instant()), token().hash()));
        store.putRoster(
                session.code(),
                new MemberLedger.Roster(session.expiresAt(), enrolled),
                store.beginRefill(session.code()));
        var kicked = enrolled.getFirst();
        store.removed(session.code(), kicked.member().id(), kicked.token());
        assertThat(keys(removal)).hasSize(1 + 2);

        store.evict(session.code(), List.of());

        assertThat(keys(removal)).isEmpty();
        for (var e : enrolled) assertThat(store.byToken(e.token())).isEmpty();
    }

    @Test
    void display_names_with_the_separator_and_any_printable_text_survive_every_operation() {
        var store = new RedisMemberCache(client, new RedisKeys(names.prefix()), clock);
        var session = session();
        var name = "|a|b||c| 7|0|m_x|";
        var odd = member(name, Role.CONTROLLER, clock.instant());
        var oddToken = token();
        store.putRoster(
                session.code(),
                new MemberLedger.Roster(session.expiresAt(), List.of(new Enrolled(odd, oddToken.hash()))),
                store.beginRefill(session.code()));
        var later = clock.instant().plusSeconds(3);

        store.seen(session.code(), odd.id(), later);

        var expected = odd.seenAt(later);
        assertThat(store.roster(session.code())).contains(List.of(expected));
        assertThat(store.byToken(oddToken.hash())).contains(new Membership(session.code(), expected));
        store.removed(session.code(), odd.id(), oddToken.hash());
        assertThat(store.byToken(oddToken.hash())).isEmpty();
    }

    @Test
    void a_script_redis_does_not_know_yet_is_loaded_and_run_alone_and_in_a_pipeline() {
        var key = scripts.prefix() + ":{S}:counter";
        // A comment nobody else has written makes a script Redis cannot have cached.
        var script =
                new LuaScript("test", "-- " + UUID.randomUUID() + "\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])");

        assertThat(script.run(client, List.of(key), List.of("2"))).isEqualTo(2L);

        var fresh =
                new LuaScript("test", "-- " + UUID.randomUUID() + "\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])");
        Object result;
        try (var pipeline = client.pipelined()) {
            var queued = fresh.queue(pipeline, List.of(key), List.of("3"));
            pipeline.sync();
            result = fresh.result(queued, client, List.of(key), List.of("3"));
        }
        assertThat(result).isEqualTo(5L);
    }

    @Test
    void a_relayed_message_raises_its_sessions_hot_activity_never_lowers_it_and_never_creates_the_copy() {
        try (var adapters = RedisAdapters.connect(settings(activity), new SimpleMeterRegistry(), clock)) {
            var cached = session();
            var uncached = session();
            adapters.sessionCache().put(cached);
            var relay = adapters.relay(10);
            var later = clock.instant().plusSeconds(90);

            relay.relay(List.of(
                    new MessageRelay.Stored(cached, List.of(message(cached, 1, later))),
                    new MessageRelay.Stored(uncached, List.of(message(uncached, 1, later)))));
            relay.relay(List.of(new MessageRelay.Stored(cached, List.of(message(cached, 2, later.minusSeconds(30))))));

            assertThat(adapters.sessionCache().get(cached.code()).orElseThrow().lastActivityAt())
                    .isEqualTo(later);
            assertThat(adapters.sessionCache().get(uncached.code())).isEmpty();
            assertThat(adapters.recentMessages(10).latest(cached.code(), 10))
                    .extracting(Message::seq)
                    .containsExactly(1L, 2L);
        }
    }

    private static Message message(Session session, long seq, Instant sentAt) {
        return new Message(
                MessageId.generate(new java.util.Random(seq)),
                seq,
                session.code(),
                new MemberId("m_sender"),
                "Sender",
                MessageKind.TEXT,
                "message " + seq,
                Optional.empty(),
                Optional.empty(),
                sentAt);
    }

    private Session session() {
        return TestSessions.session(freshOwner(), clock.instant(), LIFE, 10);
    }

    private static RedisSettings settings(RedisPrefix prefix) {
        return new RedisSettings(prefix.url(), List.of(), prefix.prefix(), "it-stores", Duration.ofSeconds(2), 8);
    }

    private static Set<String> keys(RedisPrefix prefix) {
        var found = new HashSet<String>();
        var params = new ScanParams().match(prefix.prefix() + ":*").count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            var page = client.scan(cursor, params);
            found.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return found;
    }
}
