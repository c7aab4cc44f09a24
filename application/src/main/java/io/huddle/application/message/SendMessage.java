package io.huddle.application.message;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.Permission;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.NewMessage;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;

/**
 * A member (not a display) sends a message: the one send path of HTTP and WebSocket alike. It is checked
 * here (access, the message's rules) and then appended by the {@link MessageWriter} in the next group
 * commit, which gives it its seq; the outcome comes once the commit is done, so an acknowledged message
 * is durable, and a message that could not be stored ({@link StoreUnavailable}) is nowhere. The writer
 * hands the stored message to this gateway's sockets and to the relay itself. Sending counts as session
 * activity (the log raises the session's activity time in the same commit).
 */
public final class SendMessage {
    private final SessionAccess access;
    private final MessageWriter writer;
    private final InstantSource clock;
    private final RandomGenerator random;

    public SendMessage(SessionAccess access, MessageWriter writer, InstantSource clock, RandomGenerator random) {
        this.access = access;
        this.writer = writer;
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

    /** {@code HIDDEN} also when the session ended while the message waited for its commit. */
    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    /**
     * Sends and waits for the commit. Throws {@link StoreUnavailable} when the log could not take it.
     */
    public Outcome handle(Command command) {
        try {
            return submit(command).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw e;
        }
    }

    /**
     * Sends without waiting: the future completes (on the writer's thread, or at once when the send is
     * refused or invalid) with the outcome, or fails with {@link StoreUnavailable}.
     */
    public CompletableFuture<Outcome> submit(Command command) {
        return access.authorize(command, Permission.SEND_MESSAGE, this::refused, this::authorized);
    }

    private CompletableFuture<Outcome> refused(SessionAccess.Refusal reason) {
        return CompletableFuture.completedFuture(new Refused(reason));
    }

    private CompletableFuture<Outcome> authorized(Command command, SessionAccess.Authorized authorized) {
        var violations = new Violations();
        var message =
                NewMessage.of(command.content(), command.kind(), command.data(), command.clientMsgId(), violations);
        if (message.isEmpty()) return CompletableFuture.completedFuture(new Invalid(violations.list()));
        var sender = authorized.member().member();
        var append = new MessageLog.Append(
                authorized.session(),
                message.get(),
                sender.id(),
                sender.displayName(),
                MessageId.generate(random),
                clock.instant());
        return writer.submit(append).thenApply(appended -> switch (appended) {
            case MessageLog.Appended.Stored stored -> new Sent(stored.message());
            case MessageLog.Appended.Duplicate duplicate -> new Duplicate(duplicate.message());
            case MessageLog.Appended.SessionEnded ended -> new Refused(SessionAccess.Refusal.HIDDEN);
        });
    }
}
