package io.huddle.adapters.postgres;

import io.huddle.domain.message.MessageStats;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stats of recently asked logs, each tallied up to a seq, so that the next call reads only the messages
 * stored since: a log's messages up to a committed {@code last_seq} never change until a clear, which moves
 * {@code cleared_through} and so starts a new tally. Reading a 400,000-message log took 1 to 2.4 s each time
 * (docs/performance.md, "Message stats on a long history"), and any member may ask as often as the api limit
 * lets it. Bounded: the least recently asked logs are forgotten first.
 */
final class StatsTallies {
    private final Map<SessionCode, Tally> tallies;

    StatsTallies(int capacity) {
        this.tallies = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SessionCode, Tally> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * What a log held through seq {@code through}: its messages in ({@code clearedThrough}, {@code through}],
     * of the session row {@code sessionId} (a code used again after retention is another row).
     */
    record Tally(
            long sessionId,
            long clearedThrough,
            long through,
            long count,
            Set<String> senders,
            Optional<Instant> firstAt,
            Optional<Instant> lastAt) {

        static Tally empty(long sessionId, long clearedThrough) {
            return new Tally(
                    sessionId, clearedThrough, clearedThrough, 0, Set.of(), Optional.empty(), Optional.empty());
        }

        /** This tally and the messages of one sender in (through, {@code newThrough}]. */
        Tally plus(long newThrough, Iterable<SenderRun> runs) {
            long total = count;
            var everyone = new HashSet<>(senders);
            var first = firstAt;
            var last = lastAt;
            for (var run : runs) {
                total += run.count();
                // A message without a sender (the system's) counts as a message, not as a sender.
                if (run.senderId() != null) everyone.add(run.senderId());
                first = first.isEmpty() || run.firstAt().isBefore(first.get()) ? Optional.of(run.firstAt()) : first;
                last = last.isEmpty() || run.lastAt().isAfter(last.get()) ? Optional.of(run.lastAt()) : last;
            }
            return new Tally(sessionId, clearedThrough, newThrough, total, Set.copyOf(everyone), first, last);
        }

        MessageStats stats(long lastSeq) {
            return count == 0
                    ? MessageStats.empty(lastSeq)
                    : new MessageStats(count, lastSeq, senders.size(), firstAt, lastAt);
        }
    }

    /** One sender's messages in a range of seqs: how many, the earliest and the latest sent. */
    record SenderRun(String senderId, long count, Instant firstAt, Instant lastAt) {}

    /** The tally to go on from for this log, or a fresh one when there is none or the log was cleared since. */
    synchronized Tally from(SessionCode session, long sessionId, long clearedThrough) {
        var tally = tallies.get(session);
        if (tally == null || tally.sessionId() != sessionId || tally.clearedThrough() != clearedThrough) {
            return Tally.empty(sessionId, clearedThrough);
        }
        return tally;
    }

    /** Keeps {@code tally} unless one further along is kept already (two calls at once). */
    synchronized void keep(SessionCode session, Tally tally) {
        var kept = tallies.get(session);
        if (kept != null
                && kept.sessionId() == tally.sessionId()
                && kept.clearedThrough() == tally.clearedThrough()
                && kept.through() >= tally.through()) return;
        tallies.put(session, tally);
    }
}
