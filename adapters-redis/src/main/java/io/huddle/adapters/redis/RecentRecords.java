package io.huddle.adapters.redis;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.ClientMsgId;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageData;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.Optional;

/**
 * How a message is written into a session's recent copy, without a JSON library: the message has a
 * fixed shape and its {@code data} is already JSON text the copy only keeps, so a JSON encoder would
 * add a dependency and a second escaping for nothing. Fields are joined by {@code |}; those that
 * cannot contain it (by their formats: ids, kind, client id, numbers) come first, then the lengths of
 * the display name and of the data, then name, data and content back to back, content last (it takes
 * the rest). Times are epoch milliseconds; lengths count UTF-16 units; a data length of -1 means none,
 * an empty client id none. The session's {@code expiresAt} rides along, so a read can judge the
 * copy's liveness by the application's clock in the same round trip.
 *
 * <p>{@code 1|expiresAt|seq|id|senderId|sentAt|kind|clientMsgId|nameLength|dataLength|<name><data><content>}
 *
 * <p>The leading {@code 1} is the format's version: a later format can tell old entries apart (they
 * are at most one session lifetime old).
 */
final class RecentRecords {
    private static final String VERSION = "1";
    private static final String SEPARATOR = "|";
    private static final int FIXED_FIELDS = 10;

    private RecentRecords() {}

    /** A message read from the copy, and when its session (and with it the copy) expires. */
    record Held(Message message, Instant expiresAt) {}

    static String encode(Message message, Instant expiresAt) {
        var name = message.senderName();
        var data = message.data().map(MessageData::json).orElse("");
        return String.join(
                        SEPARATOR,
                        VERSION,
                        Long.toString(expiresAt.toEpochMilli()),
                        Long.toString(message.seq()),
                        message.id().value(),
                        message.senderId().value(),
                        Long.toString(message.sentAt().toEpochMilli()),
                        message.kind().value(),
                        message.clientMsgId().map(ClientMsgId::value).orElse(""),
                        Integer.toString(name.length()),
                        Integer.toString(message.data().isPresent() ? data.length() : -1))
                + SEPARATOR
                + name
                + data
                + message.content();
    }

    /** The message of {@code session} in {@code record}; {@link IllegalStateException} when it is not one. */
    static Held decode(SessionCode session, String record) {
        var fields = record.split("\\|", FIXED_FIELDS + 1);
        if (fields.length != FIXED_FIELDS + 1 || !VERSION.equals(fields[0])) {
            throw new IllegalStateException("not a recent message record of version " + VERSION);
        }
        try {
            var rest = fields[10];
            int nameLength = Integer.parseInt(fields[8]);
            int dataLength = Integer.parseInt(fields[9]);
            int dataEnd = nameLength + Math.max(0, dataLength);
            var message = new Message(
                    new MessageId(fields[3]),
                    Long.parseLong(fields[2]),
                    session,
                    new MemberId(fields[4]),
                    rest.substring(0, nameLength),
                    new MessageKind(fields[6]),
                    rest.substring(dataEnd),
                    dataLength < 0
                            ? Optional.empty()
                            : Optional.of(new MessageData(rest.substring(nameLength, dataEnd))),
                    fields[7].isEmpty() ? Optional.empty() : Optional.of(new ClientMsgId(fields[7])),
                    Instant.ofEpochMilli(Long.parseLong(fields[5])));
            return new Held(message, Instant.ofEpochMilli(Long.parseLong(fields[1])));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("malformed recent message record", e);
        }
    }
}
