package io.huddle.application.message;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Permission;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.NewMessage;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A member (not a display) sends a message. It is stored in the log first, which gives it its seq;
 * only then is it copied to the recent messages and published, so a message that could not be stored
 * ({@link io.huddle.domain.StoreUnavailable} propagates) is nowhere. Once stored it is
 * acknowledged even if the copy or the publish fails: the log has it, readers and gap-filling
 * subscribers find it there. Sending counts as session activity.
 */
public final class SendMessage {
    private static final System.Logger LOG = System.getLogger(SendMessage.class.getName());

    private final SessionAccess access;
    private final MessageLog log;
    private final RecentMessages recent;
    private final SessionCache cache;
    private final EventBus events;
    private final InstantSource clock;
    private final RandomGenerator random;

    public SendMessage(
            SessionAccess access,
            MessageLog log,
            RecentMessages recent,
            SessionCache cache,
            EventBus events,
            InstantSource clock,
            RandomGenerator random) {
        this.access = access;
        this.log = log;
        this.recent = recent;
        this.cache = cache;
        this.events = events;
        this.clock = clock;
        this.random = random;
    }

    /** The fields as they came in; {@code data} is the serialized JSON value, absent for none or {@code null}. */
    public record Command(
            Caller caller,
            SessionCode code,
            Optional<String> content,
            Optional<String> kind,
            Optional<String> data,
            Optional<String> clientMsgId)
            implements SessionAccess.Request {}

    public sealed interface Outcome {}

    /** Stored now ({@code 201}). */
    public record Sent(Message message) implements Outcome {}

    /** The member sent this {@code clientMsgId} before: the first message, nothing stored ({@code 200}). */
    public record Duplicate(Message message) implements Outcome {}

    public record Invalid(List<Violation> violations) implements Outcome {}

    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    public Outcome handle(Command command) {
        return access.authorize(command, Permission.SEND_MESSAGE, Refused::new, this::authorized);
    }

    private Outcome authorized(Command command, SessionAccess.Authorized authorized) {
        var violations = new Violations();
        var message =
                NewMessage.of(command.content(), command.kind(), command.data(), command.clientMsgId(), violations);
        if (message.isEmpty()) return new Invalid(violations.list());
        var sender = authorized.member().member();
        var now = clock.instant();
        var appended = log.append(
                authorized.session(),
                message.get(),
                sender.id(),
                sender.displayName(),
                MessageId.generate(random),
                now);
        return switch (appended) {
            case MessageLog.Appended.Duplicate duplicate -> new Duplicate(duplicate.message());
            case MessageLog.Appended.Stored stored -> {
                var sent = stored.message();
                afterStoring("copy to recent messages", sent, () -> recent.append(authorized.session(), sent));
                afterStoring(
                        "publish", sent, () -> events.publish(new SessionEvent.MessagePosted(sent.session(), sent)));
                afterStoring("record activity", sent, () -> cache.touch(sent.session(), now));
                yield new Sent(sent);
            }
        };
    }

    /** A step after the message is durable: its failure must not turn a stored message into an error. */
    private static void afterStoring(String step, Message message, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "message " + message.seq() + " of session " + message.session() + " is stored, but " + step
                            + " failed: " + e.getClass().getSimpleName(),
                    e);
        }
    }
}
