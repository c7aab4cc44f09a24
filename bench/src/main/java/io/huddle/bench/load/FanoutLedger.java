package io.huddle.bench.load;

import java.util.BitSet;

/**
 * What one fan-out session sent and what each of its members received, with the harness's accounting:
 * a send is expected at every other member once it is acknowledged; a member that never gets an
 * acknowledged send is one missing delivery, one that gets it twice a duplicate, one that gets a lower
 * seq after a higher one an out-of-order delivery. Member 0 is the sender: a delivery to it is counted
 * apart (the server must not echo a send to the sending socket). Thread-safe: the sender's schedule, its
 * socket and every receiver's socket report here.
 */
final class FanoutLedger {
    // A status of 0: not sent (yet).
    private static final byte PENDING = 1;
    private static final byte OK = 2;
    private static final byte FAILED = 3;

    /** What became of one delivery to a member. */
    enum Receipt {
        /** The first copy of this send at this member. */
        FIRST,
        /** A copy it had already. */
        DUPLICATE,
        /** The sender's own socket got its message: counted apart. */
        TO_SENDER,
        /** A seq this session never sent. */
        UNEXPECTED
    }

    /** One acknowledgement as the sender's socket saw it: {@code known} is false for a ref never sent or acked twice. */
    record Ack(boolean known, long sentAtNanos, boolean warm) {}

    /** The session's figures, as the harness's fan-out reports them. */
    record Totals(
            long sent,
            long acked,
            long noAck,
            long expected,
            long missing,
            long deliveries,
            long duplicates,
            long outOfOrder,
            long toSender,
            long unexpected,
            long deliveredOfFailed) {

        Totals plus(Totals o) {
            return new Totals(
                    sent + o.sent,
                    acked + o.acked,
                    noAck + o.noAck,
                    expected + o.expected,
                    missing + o.missing,
                    deliveries + o.deliveries,
                    duplicates + o.duplicates,
                    outOfOrder + o.outOfOrder,
                    toSender + o.toSender,
                    unexpected + o.unexpected,
                    deliveredOfFailed + o.deliveredOfFailed);
        }

        static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private final int members;
    private final byte[] status;
    private final long[] sentAtNanos;
    private final BitSet warm = new BitSet();
    private final BitSet[] seen;
    private final int[] last;
    private int sent;
    private long pendingAcks;
    private long acked;
    private long deliveries;
    private long duplicates;
    private long outOfOrder;
    private long toSender;
    private long unexpected;

    FanoutLedger(int members, int capacity) {
        if (members < 2) throw new IllegalArgumentException("a fan-out needs a sender and a receiver");
        this.members = members;
        this.status = new byte[capacity];
        this.sentAtNanos = new long[capacity];
        this.seen = new BitSet[members];
        this.last = new int[members];
        for (int j = 0; j < members; j++) {
            seen[j] = new BitSet();
            last[j] = -1;
        }
    }

    /** The next seq, or -1 when the session sent as many as it has room for. */
    synchronized int next(long nowNanos, boolean warmUp) {
        if (sent == status.length) return -1;
        int seq = sent++;
        sentAtNanos[seq] = nowNanos;
        if (warmUp) warm.set(seq);
        return seq;
    }

    /** {@code seq} goes out now: an acknowledgement is awaited. Call before writing it, so the ack finds it. */
    synchronized void sending(int seq) {
        status[seq] = PENDING;
        pendingAcks++;
    }

    /** {@code seq} never left (the sender's socket was closed, or the write failed). */
    synchronized void notSent(int seq) {
        if (status[seq] == PENDING) pendingAcks--;
        status[seq] = FAILED;
    }

    synchronized boolean isWarm(int seq) {
        return warm.get(seq);
    }

    synchronized Ack ack(int seq, boolean ok) {
        if (seq < 0 || seq >= sent || status[seq] != PENDING) {
            unexpected++;
            return new Ack(false, 0, false);
        }
        pendingAcks--;
        status[seq] = ok ? OK : FAILED;
        if (ok) acked++;
        return new Ack(true, sentAtNanos[seq], warm.get(seq));
    }

    synchronized Receipt receive(int member, int seq) {
        if (seq < 0 || seq >= sent) {
            unexpected++;
            return Receipt.UNEXPECTED;
        }
        if (member == 0) {
            toSender++;
            return Receipt.TO_SENDER;
        }
        if (seen[member].get(seq)) {
            duplicates++;
            return Receipt.DUPLICATE;
        }
        seen[member].set(seq);
        deliveries++;
        if (seq < last[member]) outOfOrder++;
        else last[member] = seq;
        return Receipt.FIRST;
    }

    /** A frame that names no send of this session at all. */
    synchronized void unexpected() {
        unexpected++;
    }

    synchronized long pendingAcks() {
        return pendingAcks;
    }

    /** Every send is acknowledged or failed, and every acknowledged one reached every receiver. */
    synchronized boolean settled() {
        return pendingAcks == 0 && missing() == 0;
    }

    synchronized Totals totals() {
        long expected = 0;
        long deliveredOfFailed = 0;
        for (int q = 0; q < sent; q++) {
            for (int j = 1; j < members; j++) {
                if (status[q] == OK) expected++;
                else if (seen[j].get(q)) deliveredOfFailed++;
            }
        }
        return new Totals(
                sent,
                acked,
                pendingAcks,
                expected,
                missing(),
                deliveries,
                duplicates,
                outOfOrder,
                toSender,
                unexpected,
                deliveredOfFailed);
    }

    private long missing() {
        long missing = 0;
        for (int q = 0; q < sent; q++) {
            if (status[q] != OK) continue;
            for (int j = 1; j < members; j++) if (!seen[j].get(q)) missing++;
        }
        return missing;
    }
}
