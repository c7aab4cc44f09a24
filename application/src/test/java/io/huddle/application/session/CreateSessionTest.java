package io.huddle.application.session;

import static io.huddle.application.session.Huddle.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionSpec;
import io.huddle.domain.session.SessionStore;
import io.huddle.domain.session.SessionStore.StatusFilter;
import io.huddle.domain.text.Violation;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CreateSessionTest {
    private final Huddle huddle = new Huddle();

    private CreateSession.Outcome create(
            Optional<String> name, OptionalLong maxMembers, OptionalLong ttlSeconds, Optional<String> displayName) {
        return huddle.create.handle(new CreateSession.Command(ALICE, name, maxMembers, ttlSeconds, displayName));
    }

    @Test
    void omitted_fields_take_their_defaults() {
        var now = huddle.clock.instant();

        var created = (CreateSession.Created)
                create(Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());

        var session = created.session().session();
        assertThat(session.name()).isEqualTo("Untitled session");
        assertThat(session.maxMembers()).isEqualTo(100);
        assertThat(session.ownerId()).isEqualTo(ALICE);
        assertThat(session.createdAt()).isEqualTo(now);
        assertThat(session.lastActivityAt()).isEqualTo(now);
        assertThat(session.expiresAt()).isEqualTo(now.plus(Huddle.MAX_LIFETIME));
        assertThat(session.ending()).isEmpty();
        assertThat(session.code().value()).hasSize(6);
        assertThat(created.session().memberCount()).isEqualTo(1);
        assertThat(created.session().onlineCount()).isZero();
        assertThat(created.owner().displayName()).isEqualTo("Owner");
        assertThat(created.owner().role()).isEqualTo(Role.OWNER);
        assertThat(created.owner().joinedAt()).isEqualTo(now);
    }

    @Test
    void given_fields_shape_the_session_and_its_owner() {
        var now = huddle.clock.instant();

        var created = (CreateSession.Created)
                create(Optional.of(" Math study "), OptionalLong.of(5), OptionalLong.of(600), Optional.of("Prof"));

        var session = created.session().session();
        assertThat(session.name()).isEqualTo("Math study");
        assertThat(session.maxMembers()).isEqualTo(5);
        assertThat(session.expiresAt()).isEqualTo(now.plusSeconds(600));
        assertThat(created.owner().displayName()).isEqualTo("Prof");
    }

    @Test
    void the_session_is_stored_and_cached() {
        var created = huddle.created();
        var session = created.session().session();

        assertThat(huddle.sessions.find(session.code())).contains(session);
        assertThat(huddle.cache.get(session.code())).contains(session);
    }

    @Test
    void the_owner_is_a_member_whose_token_authenticates() {
        var created = huddle.created();
        var code = created.session().session().code();

        assertThat(huddle.who(created.token().reveal()))
                .contains(new Caller.AsMember(new Membership(code, created.owner())));
        assertThat(huddle.members.list(code)).containsExactly(created.owner());
    }

    @Test
    void every_invalid_field_is_listed_and_nothing_is_stored() {
        var outcome = create(Optional.of(""), OptionalLong.of(0), OptionalLong.of(59), Optional.of("x".repeat(51)));

        assertThat(outcome).isInstanceOf(CreateSession.Invalid.class);
        assertThat(((CreateSession.Invalid) outcome).violations())
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("name", "maxMembers", "ttlSeconds", "displayName");
        assertThat(huddle.sessions
                        .listByOwner(ALICE, StatusFilter.ALL, Optional.empty(), 100, huddle.clock.instant())
                        .sessions())
                .isEmpty();
    }

    @Test
    void a_ttl_beyond_the_max_lifetime_is_invalid() {
        var outcome = create(
                Optional.empty(),
                OptionalLong.empty(),
                OptionalLong.of(Huddle.MAX_LIFETIME.toSeconds() + 1),
                Optional.empty());

        assertThat(((CreateSession.Invalid) outcome).violations())
                .extracting(Violation::field)
                .containsExactly("ttlSeconds");
    }

    @Test
    void a_taken_code_is_retried_with_a_fresh_one() {
        // A use case on a seeded generator (production uses a SecureRandom): its first candidate is predictable.
        var create = new CreateSession(
                huddle.sessions,
                huddle.cache,
                huddle.members,
                huddle.clock,
                new SplittableRandom(42),
                new CreateSession.Settings(Huddle.MAX_LIFETIME, 6));
        var predicted = SessionCode.generate(new SplittableRandom(42), 6);
        var now = huddle.clock.instant();
        var squatter = Session.open(
                predicted, new OwnerId("bob"), new SessionSpec("Bob's", 10, Duration.ofHours(1), "Bob"), now);
        assertThat(huddle.sessions.create(squatter)).isInstanceOf(SessionStore.Created.Stored.class);

        var created = (CreateSession.Created) create.handle(new CreateSession.Command(
                Huddle.ALICE, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty()));

        assertThat(created.session().session().code()).isNotEqualTo(predicted);
        assertThat(huddle.sessions.find(predicted)).contains(squatter);
    }

    @Test
    void the_owners_member_record_is_the_one_returned() {
        var created = huddle.created();
        var code = created.session().session().code();

        assertThat(huddle.members.find(code, created.owner().id()))
                .map(Member::role)
                .contains(Role.OWNER);
    }
}
