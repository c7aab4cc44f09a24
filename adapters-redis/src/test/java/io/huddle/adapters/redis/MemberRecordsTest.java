package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.domain.session.SessionCode;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemberRecordsTest {
    private final MemberToken token = MemberToken.generate(new SecureRandom());
    private final Member member = new Member(
            MemberId.generate(new SecureRandom()),
            "|Zoë 🎻 \"the\" \\ | cellist|",
            Role.DISPLAY,
            Instant.parse("1969-12-31T23:59:59.001Z"),
            Instant.parse("2030-05-06T07:08:09.010Z"));
    private final SessionCode code = new SessionCode("K7M2QX");

    @Test
    void the_session_record_round_trips_a_name_full_of_separators_and_keeps_its_token() {
        var record = MemberRecords.inSession(member, token.hash());

        assertThat(record)
                .startsWith("1904281689010|-999|display|" + token.hash().hex() + "|");
        assertThat(MemberRecords.fromSession(member.id(), record)).isEqualTo(member);
        assertThat(MemberRecords.tokenIn(record)).isEqualTo(token.hash());
    }

    @Test
    void the_token_record_round_trips_the_membership_and_the_session_expiry() {
        var expiresAt = Instant.parse("2030-05-06T08:00:00Z");

        var record = MemberRecords.fromToken(MemberRecords.inToken(code, member, expiresAt));

        assertThat(record.membership()).isEqualTo(new Membership(code, member));
        assertThat(record.expiresAt()).isEqualTo(expiresAt);
    }

    @Test
    void a_record_with_a_field_missing_is_refused_not_misread() {
        var record = MemberRecords.inSession(member, token.hash());
        var withoutName = record.substring(
                0, record.lastIndexOf('|', record.indexOf(token.hash().hex())));

        assertThatThrownBy(() -> MemberRecords.fromSession(member.id(), withoutName))
                .isInstanceOf(IllegalStateException.class);
    }
}
