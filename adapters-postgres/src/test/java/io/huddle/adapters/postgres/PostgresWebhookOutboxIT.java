package io.huddle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huddle.application.contract.TestSessions;
import io.huddle.domain.member.Leaving;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Role;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.webhook.OutboxEvent;
import io.huddle.domain.webhook.WebhookOutbox;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook outbox (V7): what the triggers write, in the transaction of each change, and how the worker's
 * claims see it: one pending event per session at a time, in order, released by delivery, retry or death.
 */
class PostgresWebhookOutboxIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SplittableRandom random = new SplittableRandom();
    private final List<PostgresAdapters> opened = new ArrayList<>();
    /** The outbox is shared by every test of the class: a test only looks at its own sessions. */
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private PostgresAdapters connect(boolean outbox) {
        var adapters = PostgresAdapters.connect(
                TestSettings.pooled(db, 4).withOutbox(outbox), new SimpleMeterRegistry(), InstantSource.system());
        opened.add(adapters);
        assertThat(adapters.migrated()).isTrue();
        return adapters;
    }

    @AfterEach
    void close() {
        opened.forEach(PostgresAdapters::close);
    }

    private Session created(PostgresAdapters adapters, int maxMembers) {
        var session = TestSessions.session(new OwnerId("alice"), now, Duration.ofHours(1), maxMembers);
        adapters.sessions().create(session);
        return session;
    }

    private Member joined(MemberLedger members, Session session, String name) {
        var member = Member.joining(MemberId.generate(random), name, Role.MEMBER, now);
        members.join(session, member, MemberToken.generate(random).hash());
        return member;
    }

    /** Every event of {@code session} in outbox order, claiming (and delivering) one head at a time. */
    private List<JsonNode> drain(PostgresAdapters adapters, Session session) {
        var bodies = new ArrayList<JsonNode>();
        for (int guard = 0; guard < 100; guard++) {
            var mine = adapters.webhooks().claimDue(Instant.now().plusSeconds(1), Duration.ofSeconds(30), 1000).stream()
                    .filter(e -> e.sessionCode().equals(session.code().value()))
                    .toList();
            if (mine.isEmpty()) return bodies;
            assertThat(mine).as("one head per session").hasSize(1);
            bodies.add(body(mine.getFirst()));
            adapters.webhooks().delivered(mine.getFirst().position(), Instant.now());
        }
        throw new AssertionError("the outbox did not run dry");
    }

    private static JsonNode body(OutboxEvent event) {
        try {
            var body = JSON.readTree(event.body());
            assertThat(body.path("id").asText()).isEqualTo(event.eventId()).startsWith("evt_");
            assertThat(body.path("type").asText()).isEqualTo(event.type());
            assertThat(body.path("sessionCode").asText()).isEqualTo(event.sessionCode());
            assertThat(body.path("createdAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            return body;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void each_change_is_reported_once_in_order_with_its_reason() {
        var adapters = connect(true);
        var members = adapters.members();
        var session = created(adapters, 10);
        var ann = joined(members, session, "Ann");
        var bob = joined(members, session, "Bob");
        var cid = joined(members, session, "Cid");
        members.removeRevoking(session.code(), ann.id(), Leaving.LEFT);
        members.removeRevoking(session.code(), bob.id(), Leaving.KICKED);
        members.removeRevoking(session.code(), cid.id(), Leaving.IDLE);
        var dan = joined(members, session, "Dan");
        adapters.sessions().end(session.code(), new Ending(now.plusSeconds(5), EndReason.OWNER));
        members.removeAllRevoking(session.code());
        adapters.sessions().end(session.code(), new Ending(now.plusSeconds(6), EndReason.EXPIRED));

        var events = drain(adapters, session);

        assertThat(events)
                .extracting(e -> e.path("type").asText())
                .containsExactly(
                        "session.created",
                        "member.joined",
                        "member.joined",
                        "member.joined",
                        "member.left",
                        "member.left",
                        "member.left",
                        "member.joined",
                        "session.ended");
        assertThat(events.get(0).path("data").path("session").path("ownerId").asText())
                .isEqualTo("alice");
        assertThat(events.get(1).path("data").path("member").path("id").asText())
                .isEqualTo(ann.id().value());
        assertThat(events.subList(4, 7))
                .extracting(e -> e.path("data").path("reason").asText())
                .containsExactly("left", "kicked", "idle");
        assertThat(events.get(6).path("data").path("member").path("displayName").asText())
                .isEqualTo("Cid");
        assertThat(events.get(7).path("data").path("member").path("id").asText())
                .isEqualTo(dan.id().value());
        assertThat(events.get(8).path("data").path("reason").asText()).isEqualTo("owner");
    }

    @Test
    void a_change_that_does_not_happen_reports_nothing() {
        var adapters = connect(true);
        var members = adapters.members();
        var session = created(adapters, 1);
        joined(members, session, "Ann"); // full now: the next join is refused in its transaction
        members.join(
                session,
                Member.joining(MemberId.generate(random), "Bob", Role.MEMBER, now),
                MemberToken.generate(random).hash());
        assertThat(members.removeRevoking(session.code(), MemberId.generate(random), Leaving.KICKED))
                .isEmpty();

        assertThat(drain(adapters, session))
                .extracting(e -> e.path("type").asText())
                .containsExactly("session.created", "member.joined");
    }

    @Test
    void a_process_without_webhooks_writes_nothing() {
        var quiet = connect(false);
        var session = created(quiet, 10);
        joined(quiet.members(), session, "Ann");
        quiet.sessions().end(session.code(), new Ending(now.plusSeconds(1), EndReason.OWNER));

        assertThat(drain(connect(true), session)).isEmpty();
    }

    @Test
    void a_sessions_next_event_waits_for_the_one_before_through_retries_and_goes_once_it_is_dead() {
        var adapters = connect(true);
        var outbox = adapters.webhooks();
        var session = created(adapters, 10);
        joined(adapters.members(), session, "Ann");
        var later = Instant.now().plusSeconds(1);

        var first = outbox.claimDue(later, Duration.ofSeconds(30), 1000).stream()
                .filter(e -> e.sessionCode().equals(session.code().value()))
                .toList();
        assertThat(first).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("session.created"));
        assertThat(outbox.claimDue(later, Duration.ofSeconds(30), 1000))
                .as("a claimed head is held, and the event behind it waits")
                .noneMatch(e -> e.sessionCode().equals(session.code().value()));
        var url = URI.create("http://receiver.invalid/hook");
        outbox.retry(first.getFirst().position(), 1, later.plusSeconds(60), Set.of(url), "status 500");
        assertThat(outbox.claimDue(later, Duration.ofSeconds(30), 1000))
                .as("a head waiting for its retry still holds its session's queue")
                .noneMatch(e -> e.sessionCode().equals(session.code().value()));
        var retried = outbox.claimDue(later.plusSeconds(61), Duration.ofSeconds(30), 1000).stream()
                .filter(e -> e.sessionCode().equals(session.code().value()))
                .toList();
        assertThat(retried).singleElement().satisfies(e -> {
            assertThat(e.eventId()).isEqualTo(first.getFirst().eventId());
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.deliveredTo()).containsExactly(url);
        });

        outbox.deadLetter(first.getFirst().position(), 2, later, "status 500");

        var next = outbox.claimDue(later.plusSeconds(61), Duration.ofSeconds(30), 1000).stream()
                .filter(e -> e.sessionCode().equals(session.code().value()))
                .toList();
        assertThat(next).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("member.joined"));
    }

    private OutboxEvent headOf(WebhookOutbox outbox, Session session) {
        var mine = outbox.claimDue(Instant.now().plusSeconds(1), Duration.ofSeconds(30), 1000).stream()
                .filter(e -> e.sessionCode().equals(session.code().value()))
                .toList();
        assertThat(mine).hasSize(1);
        return mine.getFirst();
    }

    @Test
    void finished_events_past_the_retention_are_purged_oldest_first_and_pending_ones_never() {
        var adapters = connect(true);
        var outbox = adapters.webhooks();
        var session = created(adapters, 10);
        joined(adapters.members(), session, "Ann");
        joined(adapters.members(), session, "Bob");
        joined(adapters.members(), session, "Cy");
        var longAgo = now.minus(Duration.ofDays(30));
        var created = headOf(outbox, session);
        outbox.delivered(created.position(), longAgo);
        var ann = headOf(outbox, session);
        outbox.deadLetter(ann.position(), 3, longAgo.plus(Duration.ofDays(10)), "status 500");
        var bob = headOf(outbox, session);
        outbox.delivered(bob.position(), now);
        var cutoff = now.minus(Duration.ofDays(7));

        assertThat(outbox.purgeFinished(cutoff, 1))
                .as("the one that finished first")
                .isEqualTo(1);
        assertThat(outbox.purgeFinished(cutoff, 1000))
                .as("then the dead one; not Bob's, finished since")
                .isEqualTo(1);
        assertThat(outbox.purgeFinished(cutoff, 1000))
                .as("nothing else finished before the cutoff")
                .isZero();

        var cy = headOf(outbox, session);
        assertThat(cy.type()).as("the pending event is still there, and next").isEqualTo("member.joined");
        assertThat(cy.eventId()).isNotIn(created.eventId(), ann.eventId(), bob.eventId());
    }
}
