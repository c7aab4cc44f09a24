package io.huddle.adapters.web.message;

import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageStats;
import java.time.Instant;
import java.util.List;

/** The answers of the message endpoints, field for field as PROTOCOL.md section 4 shows them. */
final class Wire {
    private Wire() {}

    record History(List<MessageJson> messages, boolean hasMore) {}

    record Found(List<MessageJson> messages) {}

    /** {@code firstAt} and {@code lastAt} are {@code null} while the log holds no message. */
    record Stats(long count, long lastSeq, long senders, Instant firstAt, Instant lastAt) {}

    static History history(HistoryPage page) {
        return new History(messages(page.messages()), page.hasMore());
    }

    static Found found(List<Message> messages) {
        return new Found(messages(messages));
    }

    static Stats stats(MessageStats stats) {
        return new Stats(
                stats.count(),
                stats.lastSeq(),
                stats.senders(),
                stats.firstAt().orElse(null),
                stats.lastAt().orElse(null));
    }

    private static List<MessageJson> messages(List<Message> messages) {
        return messages.stream().map(MessageJson::of).toList();
    }
}
