package io.huddle.application.contract;

import io.huddle.domain.member.Member;
import io.huddle.domain.message.ClientMsgId;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageData;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.message.NewMessage;
import io.huddle.domain.session.Session;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Messages for contract tests: fresh ids, plain text unless a test asks for more. */
public final class TestMessages {
    private static final RandomGenerator RANDOM = new SecureRandom();

    private TestMessages() {}

    public static MessageId freshId() {
        return MessageId.generate(RANDOM);
    }

    public static NewMessage text(String content) {
        return new NewMessage(content, MessageKind.TEXT, Optional.empty(), Optional.empty());
    }

    public static NewMessage withClientId(String content, String clientMsgId) {
        return new NewMessage(content, MessageKind.TEXT, Optional.empty(), Optional.of(new ClientMsgId(clientMsgId)));
    }

    /** A message with every field set, the awkward characters included, as a store must keep them. */
    public static NewMessage full() {
        return new NewMessage(
                "Zeile 1 🎸 \"quoted\" 'n' \\ back\n\tZeile 2 % _",
                new MessageKind("band.tempo:v2"),
                Optional.of(new MessageData("{\"z\":1,\"a\":[true,null,\"ü 🎸\",1.50]}")),
                Optional.of(new ClientMsgId("c-1.x_Y")));
    }

    /** An already stored message of {@code sender} with {@code seq}, as the recent copy receives it. */
    public static Message stored(Session session, Member sender, long seq, Instant sentAt) {
        return Message.stored(
                freshId(),
                seq,
                session.code(),
                sender.id(),
                sender.displayName(),
                text("message " + seq),
                sentAt.truncatedTo(ChronoUnit.MILLIS));
    }
}
