package io.huddle.application.message;

import io.huddle.application.concurrency.Scheduler;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.limit.Verdict;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.MessageLog.Appended;
import io.huddle.domain.message.MessageRelay;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Group commit: every send waiting when the writer comes round is checked against its rate limits in one
 * limiter call and appended to the log in one call (one transaction, one fsync), so the cost of a round
 * trip is shared by as many messages as arrive while the previous one is under way. One writer per process, one batch at a time, in submission order: the
 * messages of one session get their seqs in the order they were submitted, and a sender's next message
 * never overtakes its last.
 *
 * <p>A send refused by its limits is {@link Limited} and never reaches the log; its limits are checked in
 * submission order with the rest of the batch, so they decide as one check per send would.
 *
 * <p>After the commit, and only then: each send's future completes (the ack), the stored messages go to
 * this process's own sockets ({@code local}), and to the recent copy and every other gateway through the
 * relay, one call per session. A relay that fails leaves the messages stored and acknowledged: gap fills
 * and readers find them in the log.
 */
public final class MessageWriter {
    private static final System.Logger LOG = System.getLogger(MessageWriter.class.getName());
    /** Bounds one transaction; what waits beyond it goes into the next one, right after. */
    static final int MAX_BATCH = 256;

    private final MessageLog log;
    private final RateLimiter limiter;
    private final MessageRelay relay;
    private final Executor thread;
    private volatile BiConsumer<Session, List<Message>> local = (session, messages) -> {};

    // Guarded by this.
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private boolean writing;

    private record Pending(MessageLog.Append append, List<LimitCheck> limits, CompletableFuture<Written> done) {}

    /** What became of one submitted send. */
    public sealed interface Written {}

    /** The log's answer: stored, a duplicate, or the session had ended. */
    public record Logged(Appended appended) implements Written {}

    /** Refused by {@code verdict.tier()}; not stored, counted by no tier. */
    public record Limited(Verdict verdict) implements Written {}

    public MessageWriter(MessageLog log, RateLimiter limiter, MessageRelay relay, Scheduler scheduler) {
        this.log = Objects.requireNonNull(log);
        this.limiter = Objects.requireNonNull(limiter);
        this.relay = Objects.requireNonNull(relay);
        // Batches follow one another on one thread of their own: its time goes to PostgreSQL and Redis reads.
        this.thread = scheduler.dedicated("huddle-message-writer");
    }

    /** Where stored messages go on this process (its sockets' feeds); set once at wiring. */
    public void deliverLocallyTo(BiConsumer<Session, List<Message>> deliver) {
        this.local = Objects.requireNonNull(deliver);
    }

    /**
     * Queues one append, to be counted first by {@code limits} (none: not limited here); the future
     * completes once it is committed (or was a duplicate, or its session had ended, or its limits refused
     * it), or fails with {@link StoreUnavailable} when the limiter or the log could not take the batch, at once
     * when the log is known not to take appends.
     */
    public CompletableFuture<Written> submit(MessageLog.Append append, List<LimitCheck> limits) {
        try {
            // Known down (PostgreSQL's breaker open): refused now, not after the batch under way, which may be
            // waiting out a PostgreSQL that hangs for seconds more; so are the sends queued behind that batch,
            // which the writer would refuse for the same reason once it got to them.
            log.checkTakingAppends();
        } catch (StoreUnavailable e) {
            List<Pending> queued;
            synchronized (this) {
                queued = new ArrayList<>(waiting);
                waiting.clear();
            }
            queued.forEach(p -> p.done().completeExceptionally(e));
            return CompletableFuture.failedFuture(e);
        }
        var pending = new Pending(append, List.copyOf(limits), new CompletableFuture<>());
        boolean start;
        synchronized (this) {
            waiting.add(pending);
            start = !writing;
            writing = true;
        }
        if (start) thread.execute(this::writeWhileWaiting);
        return pending.done();
    }

    private void writeWhileWaiting() {
        while (true) {
            List<Pending> batch;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    writing = false;
                    return;
                }
                batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
                while (!waiting.isEmpty() && batch.size() < MAX_BATCH) batch.add(waiting.poll());
            }
            try {
                write(batch);
            } catch (Throwable e) {
                // Even an Error (write answers its batch's RuntimeExceptions itself): what of the batch is not
                // answered fails, and the next batch is written. Left "writing" with no thread writing, every
                // later send of this process would wait for good.
                batch.forEach(p -> p.done().completeExceptionally(e));
                LOG.log(System.Logger.Level.ERROR, "a group commit failed", e);
            }
        }
    }

    private void write(List<Pending> submitted) {
        List<Pending> batch;
        List<Appended> outcomes;
        try {
            // Before the limiter: a send refused because PostgreSQL is away must not use up its sender's
            // limit, or a client retrying through an outage is rate-limited for a window once it is over.
            log.checkTakingAppends();
            batch = withinLimits(submitted);
            outcomes = batch.isEmpty()
                    ? List.of()
                    : log.appendAll(batch.stream().map(Pending::append).toList());
        } catch (RuntimeException e) {
            // Nothing of the batch was stored: every send still waiting hears so (storage_unavailable, or internal).
            submitted.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        // By code, not by Session: a session record's hash covers every one of its fields.
        var stored = new LinkedHashMap<SessionCode, Group>();
        for (int i = 0; i < batch.size(); i++) {
            var pending = batch.get(i);
            var outcome = outcomes.get(i);
            if (outcome instanceof Appended.Stored(var message)) {
                var session = pending.append().session();
                stored.computeIfAbsent(session.code(), code -> new Group(session, new ArrayList<>()))
                        .messages()
                        .add(message);
            }
            pending.done().complete(new Logged(outcome));
        }
        if (stored.isEmpty()) return;
        stored.values()
                .forEach(each -> afterCommit(
                        "delivery to this gateway's sockets", () -> local.accept(each.session(), each.messages())));
        afterCommit(
                "the relay (recent copy, other gateways)",
                () -> relay.relay(stored.values().stream()
                        .map(each -> new MessageRelay.Stored(each.session(), each.messages()))
                        .toList()));
    }

    /** One session's messages of a group commit, in seq order. */
    private record Group(Session session, List<Message> messages) {}

    /** The sends their limits allow, in order; the refused ones are answered now. One limiter call. */
    private List<Pending> withinLimits(List<Pending> batch) {
        var limited = batch.stream().filter(p -> !p.limits().isEmpty()).toList();
        if (limited.isEmpty()) return batch;
        var verdicts = limiter.checkEach(limited.stream().map(Pending::limits).toList());
        var refused = new IdentityHashMap<Pending, Verdict>();
        for (int i = 0; i < limited.size(); i++) {
            if (!verdicts.get(i).allowed()) refused.put(limited.get(i), verdicts.get(i));
        }
        if (refused.isEmpty()) return batch;
        var allowed = new ArrayList<Pending>(batch.size() - refused.size());
        for (var pending : batch) {
            var verdict = refused.get(pending);
            if (verdict == null) allowed.add(pending);
            else pending.done().complete(new Limited(verdict));
        }
        return allowed;
    }

    /** A step after the messages are durable: its failure must not undo an acknowledgement. */
    private static void afterCommit(String step, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "messages are stored, but " + step + " failed: "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }
}
