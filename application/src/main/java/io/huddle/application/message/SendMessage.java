package io.huddle.application.message;

import io.huddle.application.auth.Caller;
import io.huddle.application.limit.CheckLimits;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.limit.Verdict;
import io.huddle.domain.member.MemberId;
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
 * activity (the log raises the session's activity time in the same commit). A backend sends through
 * here too, with its server key: its message is the system's ({@link MemberId#SYSTEM}), its default kind
 * is the caller's to choose ({@code system} on the server routes).
 */
public final class SendMessage {
    /** The {@code senderName} of a system message (a backend's publish, PROTOCOL.md section 10). */
    public static final String SYSTEM_NAME = "System";

    private final SessionAccess access;
    private final CheckLimits limits;
    private final MessageWriter writer;
    private final InstantSource clock;
    private final RandomGenerator random;

    public SendMessage(
            SessionAccess access,
            CheckLimits limits,
            MessageWriter writer,
            InstantSource clock,
            RandomGenerator random) {
        this.access = access;
        this.limits = limits;
        this.writer = writer;
        this.clock = clock;
        this.random = random;
    }

    /**
     * The fields as they came in; {@code data} is the serialized JSON value, absent for none or
     * {@code null}. {@code countedAs} is the rate-limit action this send is counted as here, in the group
     * commit (a socket's frame); empty when the edge counted it already (an HTTP request, limited before
     * its body is read).
     */
    public record Command(
            Caller caller,
            SessionCode code,
            Optional<String> content,
            Optional<String> kind,
            Optional<String> data,
            Optional<String> clientMsgId,
            Optional<LimitPolicy.Action> countedAs)
            implements SessionAccess.Request {
        /** A send whose limits the edge checked already. */
        public Command(
                Caller caller,
                SessionCode code,
                Optional<String> content,
                Optional<String> kind,
                Optional<String> data,
                Optional<String> clientMsgId) {
            this(caller, code, content, kind, data, clientMsgId, Optional.empty());
        }
    }

    public sealed interface Outcome {}

    /** Stored now ({@code 201}). */
    public record Sent(Message message) implements Outcome {}

    /** The member sent this {@code clientMsgId} before: the first message, nothing stored ({@code 200}). */
    public record Duplicate(Message message) implements Outcome {}

    public record Invalid(List<Violation> violations) implements Outcome {}

    /** {@code HIDDEN} also when the session ended while the message waited for its commit. */
    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    /** Over a rate limit ({@code verdict.tier()}): nothing stored, counted by no tier. */
    public record Limited(Verdict verdict) implements Outcome {}

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
        // The log appends only to sessions that have not ended, so a recent copy of the session will do.
        return access.authorizeRecent(command, Permission.SEND_MESSAGE, this::refused, this::authorized);
    }

    private CompletableFuture<Outcome> refused(SessionAccess.Refusal reason) {
        return CompletableFuture.completedFuture(new Refused(reason));
    }

    private CompletableFuture<Outcome> authorized(Command command, SessionAccess.Authorized authorized) {
        var violations = new Violations();
        var message =
                NewMessage.of(command.content(), command.kind(), command.data(), command.clientMsgId(), violations);
        if (message.isEmpty()) return CompletableFuture.completedFuture(invalid(command, violations.list()));
        // No membership: a backend's server key (only a member or a server key may send), so the system sends.
        var senderId = authorized.membership().map(m -> m.member().id()).orElse(MemberId.SYSTEM);
        var senderName =
                authorized.membership().map(m -> m.member().displayName()).orElse(SYSTEM_NAME);
        var append = new MessageLog.Append(
                authorized.session(), message.get(), senderId, senderName, MessageId.generate(random), clock.instant());
        var checks = command.countedAs().map(limits::checksOf).orElse(List.of());
        return writer.submit(append, checks).thenApply(written -> switch (written) {
            case MessageWriter.Limited(var verdict) -> new Limited(verdict);
            case MessageWriter.Logged(MessageLog.Appended.Stored stored) -> new Sent(stored.message());
            case MessageWriter.Logged(MessageLog.Appended.Duplicate duplicate) -> new Duplicate(duplicate.message());
            case MessageWriter.Logged(MessageLog.Appended.SessionEnded ended) ->
                new Refused(SessionAccess.Refusal.HIDDEN);
        });
    }

    /** An invalid send still counts (a flood of them is limited like any other), now, on its own. */
    private Outcome invalid(Command command, List<Violation> violations) {
        if (command.countedAs().isPresent()
                && limits.handle(command.countedAs().get()) instanceof CheckLimits.Refused(var verdict)) {
            return new Limited(verdict);
        }
        return new Invalid(violations);
    }
}
