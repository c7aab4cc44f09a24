package io.huddle.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.message.NewMessage;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.settings.Env;
import io.huddle.runtime.settings.SettingException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Embedded mode wires in-process message stores: the log beside the session store, the copy at the configured size. */
class EmbeddedMessageStoresTest {
    private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

    private static Infrastructure embedded(Map<String, String> env) {
        return Infrastructure.start(
                CommonSettings.from(new Env(env), 8080), new SimpleMeterRegistry(), InstantSource.fixed(NOW));
    }

    @Test
    void the_history_cache_size_defaults_to_100_and_is_validated() {
        assertThat(CommonSettings.from(new Env(Map.of()), 8080).historyCacheSize())
                .isEqualTo(100);
        assertThat(CommonSettings.from(new Env(Map.of("HUDDLE_HISTORY_CACHE_SIZE", "7")), 8080)
                        .historyCacheSize())
                .isEqualTo(7);
        assertThatThrownBy(() -> CommonSettings.from(new Env(Map.of("HUDDLE_HISTORY_CACHE_SIZE", "0")), 8080))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("HUDDLE_HISTORY_CACHE_SIZE");
    }

    @Test
    void an_append_raises_the_activity_of_the_session_in_the_same_process_store() {
        try (var infrastructure = embedded(Map.of())) {
            var stores = infrastructure.ports();
            var session = session();
            stores.sessions().create(session);

            stores.messages()
                    .append(session, text("hi"), new MemberId("m_a"), "A", new MessageId("msg_1"), NOW.plusSeconds(5));

            assertThat(stores.sessions().find(session.code()).orElseThrow().lastActivityAt())
                    .isEqualTo(NOW.plusSeconds(5));
        }
    }

    @Test
    void the_recent_copy_keeps_as_many_messages_as_configured() {
        try (var infrastructure = embedded(Map.of("HUDDLE_HISTORY_CACHE_SIZE", "2"))) {
            var recent = infrastructure.ports().recentMessages();
            var session = session();
            for (long seq = 1; seq <= 3; seq++) {
                recent.append(
                        session,
                        Message.stored(
                                new MessageId("msg_" + seq),
                                seq,
                                session.code(),
                                new MemberId("m_a"),
                                "A",
                                text("m" + seq),
                                NOW));
            }

            assertThat(recent.latest(session.code(), 10))
                    .extracting(Message::seq)
                    .containsExactly(2L, 3L);
        }
    }

    private static NewMessage text(String content) {
        return new NewMessage(content, MessageKind.TEXT, Optional.empty(), Optional.empty());
    }

    private static Session session() {
        var code = SessionCode.generate(new SplittableRandom(), 6);
        return new Session(code, new OwnerId("o"), "S", 10, NOW, NOW.plus(Duration.ofHours(1)), NOW, Optional.empty());
    }
}
