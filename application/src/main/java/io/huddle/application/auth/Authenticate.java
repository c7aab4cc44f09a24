package io.huddle.application.auth;

import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.server.ServerKeys;
import io.huddle.domain.session.UserTokens;
import java.util.Optional;

/**
 * Turns a bearer credential into a {@link Caller}: member tokens by their hash, server keys ({@code hk_…})
 * by theirs, anything else as a JWT.
 */
public final class Authenticate {
    private final MemberStore members;
    private final UserTokens userTokens;
    private final ServerKeys serverKeys;

    public Authenticate(MemberStore members, UserTokens userTokens, ServerKeys serverKeys) {
        this.members = members;
        this.userTokens = userTokens;
        this.serverKeys = serverKeys;
    }

    public sealed interface Outcome {}

    /** No bearer is {@link Caller.Nobody}; a verified one names its member or user. */
    public record Authenticated(Caller caller) implements Outcome {}

    /** A bearer that does not verify: malformed, expired, wrongly signed, revoked or unknown (answer 401). */
    public record Rejected() implements Outcome {}

    public Outcome handle(Optional<String> bearer) {
        if (bearer.isEmpty()) return new Authenticated(new Caller.Nobody());
        String credential = bearer.get();
        Optional<Caller> caller;
        if (MemberToken.looksLikeOne(credential)) {
            caller = MemberToken.parse(credential)
                    .flatMap(token -> members.authenticate(token.hash()))
                    .map(Caller.AsMember::new);
        } else if (ServerKeys.looksLikeOne(credential)) {
            caller = serverKeys.verify(credential).map(Caller.AsServer::new);
        } else {
            caller = userTokens.verify(credential).map(Caller.AsUser::new);
        }
        return caller.<Outcome>map(Authenticated::new).orElseGet(Rejected::new);
    }
}
