package io.huddle.application.memory;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.ClientMsgId;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.MessageStats;
import io.huddle.domain.message.SearchQuery;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Each session's log in a sorted map behind its own lock, so appends to one session are serialized
 * (gapless seq, one winner per client id) while sessions do not wait for each other. Like the durable
 * log it keeps messages until they are cleared, so it needs no clock. Activity goes to the session
 * store inside the append's lock, as the durable log does it in the append's transaction.
 */
public final class InMemoryMessageLog implements MessageLog {
    private final SessionStore sessions;
    private final Map<SessionCode, Log> logs = new ConcurrentHashMap<>();

    public InMemoryMessageLog(SessionStore sessions) {
        this.sessions = sessions;
    }

    private record ClientKey(MemberId sender, ClientMsgId id) {}

    /** One session's messages; every field guarded by {@code lock}. */
    private static final class Log {
        final ReentrantLock lock = new ReentrantLock();
        final NavigableMap<Long, Message> messages = new TreeMap<>();
        final Map<ClientKey, Message> byClientId = new HashMap<>();
        long lastSeq;
        long clearedThrough;

        LogSpan span() {
            return new LogSpan(clearedThrough, lastSeq);
        }
    }

    /** Each append under its session's lock, in list order; a session the store has as ended takes none. */
    @Override
    public List<Appended> appendAll(List<Append> appends) {
        var outcomes = new ArrayList<Appended>(appends.size());
        for (var append : appends) outcomes.add(appendOne(append));
        return outcomes;
    }

    private Appended appendOne(Append append) {
        var code = append.session().code();
        var log = logs.computeIfAbsent(code, c -> new Log());
        return locked(log, () -> {
            var live = sessions.find(code).filter(s -> s.isLiveAt(append.sentAt()));
            if (live.isEmpty()) return new Appended.SessionEnded();
            var message = append.message();
            var key = message.clientMsgId().map(clientId -> new ClientKey(append.sender(), clientId));
            var first = key.map(log.byClientId::get);
            if (first.isPresent()) return new Appended.Duplicate(first.get());
            var stored = Message.stored(
                    append.id(), log.lastSeq + 1, code, append.sender(), append.senderName(), message, append.sentAt());
            log.lastSeq = stored.seq();
            log.messages.put(stored.seq(), stored);
            key.ifPresent(k -> log.byClientId.put(k, stored));
            sessions.recordActivity(code, append.sentAt());
            return new Appended.Stored(stored);
        });
    }

    @Override
    public HistoryPage page(SessionCode session, HistoryQuery query) {
        return read(session, HistoryPage.EMPTY, log -> {
            var range = query.rangeIn(log.span());
            if (range.isEmpty()) return HistoryPage.EMPTY;
            var messages =
                    log.messages.subMap(range.first(), true, range.last(), true).values();
            return new HistoryPage(List.copyOf(messages), range.hasMore());
        });
    }

    @Override
    public List<Message> search(SessionCode session, SearchQuery query) {
        return read(session, List.of(), log -> {
            var found = new ArrayList<Message>();
            for (var message : log.messages.descendingMap().values()) {
                if (found.size() == query.limit()) break;
                if (query.matches(message.content())) found.add(message);
            }
            return List.copyOf(found);
        });
    }

    @Override
    public MessageStats stats(SessionCode session) {
        return read(session, MessageStats.empty(0), log -> {
            if (log.messages.isEmpty()) return MessageStats.empty(log.lastSeq);
            var all = log.messages.values();
            long senders = all.stream().map(Message::senderId).distinct().count();
            var firstAt = all.stream().map(Message::sentAt).min(Instant::compareTo);
            var lastAt = all.stream().map(Message::sentAt).max(Instant::compareTo);
            return new MessageStats(all.size(), log.lastSeq, senders, firstAt, lastAt);
        });
    }

    @Override
    public void clear(SessionCode session) {
        Optional.ofNullable(logs.get(session))
                .ifPresent(log -> locked(log, () -> {
                    log.messages.clear();
                    log.byClientId.clear();
                    log.clearedThrough = log.lastSeq;
                    return null;
                }));
    }

    @Override
    public LogSpan span(SessionCode session) {
        return read(session, LogSpan.EMPTY, Log::span);
    }

    private <T> T read(SessionCode session, T unknown, Function<Log, T> reading) {
        var log = logs.get(session);
        return log == null ? unknown : locked(log, () -> reading.apply(log));
    }

    private static <T> T locked(Log log, Supplier<T> action) {
        log.lock.lock();
        try {
            return action.get();
        } finally {
            log.lock.unlock();
        }
    }
}
