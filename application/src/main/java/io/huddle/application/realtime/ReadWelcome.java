package io.huddle.application.realtime;

import io.huddle.application.concurrency.Meanwhile;
import io.huddle.application.concurrency.Scheduler;
import io.huddle.application.message.MessageHistory;
import io.huddle.application.session.ListMembers.MemberView;
import io.huddle.application.session.SessionView;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateStore;
import java.util.List;
import java.util.OptionalLong;

/**
 * What a socket's first frame says: the member, the session with its counts, every member with who is
 * online, the shared state, and the latest 50 messages, or with {@code since} every later message (up to 1,000, else the
 * latest 50 and {@code recovered} false). Reads members and presence once each (the counts come from
 * them) and the log's span once; the messages come from the recent copy when it holds them all. When
 * the log cannot be read, the recent copy's newest messages stand in, not recovered.
 *
 * <p>The reads do not depend on each other, so the state and the messages (the log's span, then the page)
 * are read on other threads while the caller's reads the roster and who is online: a welcome waits for
 * the slowest of three chains of round trips (two each), not for all five in a row.
 */
public final class ReadWelcome {
    private static final System.Logger LOG = System.getLogger(ReadWelcome.class.getName());
    public static final int LATEST = HistoryQuery.DEFAULT_LIMIT;
    public static final int MAX_RECOVERED = HistoryQuery.MAX_INTERNAL_LIMIT;

    private final MemberStore members;
    private final PresenceStore presence;
    private final MessageHistory history;
    private final RecentMessages recent;
    private final StateStore states;
    private final Scheduler scheduler;

    public ReadWelcome(
            MemberStore members,
            PresenceStore presence,
            MessageHistory history,
            RecentMessages recent,
            StateStore states,
            Scheduler scheduler) {
        this.members = members;
        this.presence = presence;
        this.history = history;
        this.recent = recent;
        this.states = states;
        this.scheduler = scheduler;
    }

    /**
     * @param lastSeq the highest seq the log held when read (at least the last of {@code messages}): the
     *     socket receives only later messages after the welcome
     */
    public record Welcome(
            Member member,
            SessionView session,
            List<MemberView> members,
            SharedState state,
            List<Message> messages,
            boolean recovered,
            long lastSeq)
            implements Outcome {
        public Welcome {
            members = List.copyOf(members);
            messages = List.copyOf(messages);
        }
    }

    public sealed interface Outcome {}

    /** The member is no longer in the session: it left or was removed meanwhile. */
    public record NotAMember() implements Outcome {}

    public Outcome handle(Session session, MemberId me, OptionalLong since) {
        var state = Meanwhile.start(scheduler.alongside(), () -> states.get(session.code()));
        var read = Meanwhile.start(scheduler.alongside(), () -> messages(session, since));
        var all = members.list(session.code());
        var online = presence.online(session.code());
        var self = all.stream().filter(m -> m.id().equals(me)).findFirst();
        if (self.isEmpty()) return new NotAMember();
        var views = all.stream()
                .map(m -> new MemberView(m, online.contains(m.id())))
                .toList();
        var view = new SessionView(session, Headcount.of(all, online));
        var messages = read.await();
        long lastSeq = messages.messages().isEmpty()
                ? messages.lastSeq()
                : Math.max(messages.lastSeq(), messages.messages().getLast().seq());
        return new Welcome(self.get(), view, views, state.await(), messages.messages(), messages.recovered(), lastSeq);
    }

    private record Read(List<Message> messages, boolean recovered, long lastSeq) {}

    private Read messages(Session session, OptionalLong since) {
        var code = session.code();
        LogSpan span;
        try {
            span = history.span(code);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "the log is unreadable; welcoming from the recent copy", e);
            var latest = recent.latest(code, LATEST);
            return new Read(
                    latest, false, latest.isEmpty() ? 0 : latest.getLast().seq());
        }
        if (since.isPresent()) {
            long from = Math.min(since.getAsLong(), span.lastSeq());
            var page = history.page(code, HistoryQuery.after(from, MAX_RECOVERED), span);
            if (!page.hasMore()) return new Read(page.messages(), true, span.lastSeq());
        }
        return new Read(history.page(code, HistoryQuery.latest(LATEST), span).messages(), false, span.lastSeq());
    }
}
