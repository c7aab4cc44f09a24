package io.huddle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.UseCases;
import io.huddle.application.concurrency.ThreadScheduler;
import io.huddle.application.session.EndSession;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.NewMessage;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionSpec;
import io.huddle.domain.state.StateData;
import io.huddle.domain.text.Violations;
import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.settings.Env;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddedEndSessionTest {

    @Test
    void ending_a_session_drops_its_shared_state_and_recent_messages_at_once() {
        var clock = InstantSource.fixed(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        var settings = CommonSettings.from(new Env(Map.of()), 0);
        try (var infrastructure = Infrastructure.start(settings, new SimpleMeterRegistry(), clock)) {
            var stores = infrastructure.ports();
            var spec = new SessionSpec("Room", 10, Duration.ofHours(1), "Owner");
            var session =
                    Session.open(SessionCode.generate(new Random(7), 6), OwnerId.ANONYMOUS, spec, clock.instant());
            stores.sessions().create(session);
            var owner = Member.joining(MemberId.generate(new Random(8)), "Owner", Role.OWNER, clock.instant());
            stores.state()
                    .write(session, new StateData("{\"slide\":3}"), OptionalLong.empty(), owner.id(), clock.instant());
            var message = NewMessage.of(
                            Optional.of("hello"),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            new Violations())
                    .orElseThrow();
            var stored = ((MessageLog.Appended.Stored) stores.messages()
                            .append(
                                    session,
                                    message,
                                    owner.id(),
                                    "Owner",
                                    MessageId.generate(new Random(9)),
                                    clock.instant()))
                    .message();
            stores.recentMessages().append(session, stored);
            assertThat(stores.state().get(session.code()).version()).isEqualTo(1);
            assertThat(stores.recentMessages().latest(session.code(), 10)).hasSize(1);

            try (var scheduler = new ThreadScheduler()) {
                var end = UseCases.wire(stores, UseCases.Settings.defaults(), clock, scheduler)
                        .endSession();
                assertThat(end.handle(session.code(), EndReason.OWNER)).isInstanceOf(EndSession.Ended.class);
            }

            assertThat(stores.state().get(session.code()).version()).isZero();
            assertThat(stores.recentMessages().latest(session.code(), 10)).isEmpty();
        }
    }
}
