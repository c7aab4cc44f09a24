package io.huddle.application.auth;

import io.huddle.application.port.MemberStore;
import io.huddle.application.port.UserTokens;
import io.huddle.domain.member.MemberToken;
import java.util.Optional;

/** Turns a bearer credential into a {@link Caller}: member tokens by their hash, anything else as a JWT. */
public final class Authenticate {
    private final MemberStore members;
    private final UserTokens userTokens;

    public Authenticate(MemberStore members, UserTokens userTokens) {
        this.members = members;
        this.userTokens = userTokens;
    }

    /** Empty bearer: {@link Caller.Nobody}. A bearer that does not verify: empty (answer 401). */
    public Optional<Caller> handle(Optional<String> bearer) {
        if (bearer.isEmpty()) return Optional.of(new Caller.Nobody());
        String credential = bearer.get();
        if (MemberToken.looksLikeOne(credential)) {
            return MemberToken.parse(credential)
                    .flatMap(token -> members.authenticate(token.hash()))
                    .map(Caller.AsMember::new);
        }
        return userTokens.verify(credential).map(Caller.AsUser::new);
    }
}
