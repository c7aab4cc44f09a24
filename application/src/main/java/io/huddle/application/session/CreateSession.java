package io.huddle.application.session;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Role;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionSpec;
import io.huddle.domain.session.SessionStore;
import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/** Opens a session with a fresh code and makes its creator the {@code owner} member. */
public final class CreateSession {
    /** Fresh codes collide rarely (887 million at length 6); a few tries make a failure practically impossible. */
    private static final int CODE_ATTEMPTS = 8;

    private final SessionStore sessions;
    private final SessionCache cache;
    private final MemberStore members;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Settings settings;

    /** How long sessions may live and how long their codes are. */
    public record Settings(Duration maxLifetime, int codeLength) {}

    public record Command(
            OwnerId owner,
            Optional<String> name,
            OptionalLong maxMembers,
            OptionalLong ttlSeconds,
            Optional<String> displayName) {}

    public sealed interface Outcome {}

    public record Created(SessionView session, Member owner, MemberToken token) implements Outcome {}

    public record Invalid(List<Violation> violations) implements Outcome {}

    public CreateSession(
            SessionStore sessions,
            SessionCache cache,
            MemberStore members,
            InstantSource clock,
            RandomGenerator random,
            Settings settings) {
        this.sessions = sessions;
        this.cache = cache;
        this.members = members;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
    }

    public Outcome handle(Command command) {
        var violations = new Violations();
        var spec = SessionSpec.of(
                command.name(),
                command.maxMembers(),
                command.ttlSeconds(),
                command.displayName(),
                settings.maxLifetime(),
                violations);
        if (spec.isEmpty()) return new Invalid(violations.list());
        var now = clock.instant();
        var session = store(command.owner(), spec.get(), now);
        var owner = Member.joining(MemberId.generate(random), spec.get().ownerDisplayName(), Role.OWNER, now);
        var token = MemberToken.generate(random);
        try {
            members.join(session, owner, token.hash());
            cache.put(session);
        } catch (RuntimeException e) {
            // A session nobody owns is of no use: end it rather than leave it half-made.
            sessions.end(session.code(), new Ending(now, EndReason.OWNER));
            throw e;
        }
        return new Created(new SessionView(session, new Headcount(0, 1)), owner, token);
    }

    private Session store(OwnerId owner, SessionSpec spec, java.time.Instant now) {
        for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
            var candidate = Session.open(SessionCode.generate(random, settings.codeLength()), owner, spec, now);
            if (sessions.create(candidate) instanceof SessionStore.Created.Stored stored) return stored.session();
        }
        throw new IllegalStateException("no free session code after " + CODE_ATTEMPTS + " attempts");
    }
}
