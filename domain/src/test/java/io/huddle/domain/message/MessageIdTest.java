package io.huddle.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessageIdTest {
    @Test
    void generated_ids_start_with_msg_and_fit_in_40_characters() {
        var random = new SplittableRandom(7);
        var seen = new HashSet<MessageId>();
        for (int i = 0; i < 1000; i++) {
            var id = MessageId.generate(random);
            assertThat(id.value()).startsWith("msg_").hasSize(26).matches("msg_[A-Za-z0-9_-]+");
            assertThat(MessageId.parse(id.value())).contains(id);
            seen.add(id);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void other_forms_do_not_parse() {
        assertThat(MessageId.parse(null)).isEmpty();
        assertThat(MessageId.parse("m_abc")).isEmpty();
        assertThat(MessageId.parse("msg_")).isEmpty();
        assertThat(MessageId.parse("msg_" + "a".repeat(37))).isEmpty();
        assertThat(MessageId.parse("msg_" + "a".repeat(36))).isPresent();
        assertThatThrownBy(() -> new MessageId("msg_a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
