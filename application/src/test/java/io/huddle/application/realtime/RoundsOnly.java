package io.huddle.application.realtime;

import io.huddle.domain.member.MemberId;
import java.time.Instant;
import java.util.Optional;

/** A recipient that only takes a feed's rounds, for tests of feeds: no heartbeat, no activity, nothing revoked. */
abstract class RoundsOnly implements Recipient {
    private final MemberId member;

    RoundsOnly(MemberId member) {
        this.member = member;
    }

    @Override
    public MemberId member() {
        return member;
    }

    @Override
    public void tick(Instant now) {}

    @Override
    public Optional<Instant> takeActivity() {
        return Optional.empty();
    }

    @Override
    public void revoked() {}
}
