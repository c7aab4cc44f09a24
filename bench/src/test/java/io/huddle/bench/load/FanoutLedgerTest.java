package io.huddle.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.bench.load.FanoutLedger.Receipt;
import org.junit.jupiter.api.Test;

class FanoutLedgerTest {
    /** A sender and two receivers; seqs 0 … count-1 sent and acknowledged. */
    private static FanoutLedger acknowledged(int count) {
        var ledger = new FanoutLedger(3, 16);
        for (int i = 0; i < count; i++) {
            int seq = ledger.next(i, false);
            ledger.sending(seq);
        }
        for (int i = 0; i < count; i++) assertThat(ledger.ack(i, true).known()).isTrue();
        return ledger;
    }

    @Test
    void every_acknowledged_send_is_expected_at_every_receiver() {
        var ledger = acknowledged(4);
        for (int member = 1; member <= 2; member++) {
            for (int seq = 0; seq < 4; seq++)
                assertThat(ledger.receive(member, seq)).isEqualTo(Receipt.FIRST);
        }
        var totals = ledger.totals();
        assertThat(totals.sent()).isEqualTo(4);
        assertThat(totals.acked()).isEqualTo(4);
        assertThat(totals.expected()).isEqualTo(8);
        assertThat(totals.deliveries()).isEqualTo(8);
        assertThat(totals.missing() + totals.duplicates() + totals.outOfOrder() + totals.noAck())
                .isZero();
        assertThat(ledger.settled()).isTrue();
    }

    @Test
    void counts_missing_duplicate_and_out_of_order_deliveries() {
        var ledger = acknowledged(4);
        for (int seq = 0; seq < 4; seq++) ledger.receive(1, seq);
        ledger.receive(2, 0);
        ledger.receive(2, 2);
        assertThat(ledger.receive(2, 1)).isEqualTo(Receipt.FIRST); // after 2: out of order
        assertThat(ledger.receive(2, 2)).isEqualTo(Receipt.DUPLICATE);
        // seq 3 never reaches member 2
        var totals = ledger.totals();
        assertThat(totals.missing()).isEqualTo(1);
        assertThat(totals.duplicates()).isEqualTo(1);
        assertThat(totals.outOfOrder()).isEqualTo(1);
        assertThat(totals.deliveries()).isEqualTo(7);
        assertThat(ledger.settled()).isFalse();
    }

    @Test
    void a_send_without_ack_is_not_expected_and_its_deliveries_are_counted_apart() {
        var ledger = new FanoutLedger(3, 16);
        ledger.sending(ledger.next(0, false));
        ledger.sending(ledger.next(1, false));
        ledger.ack(0, true);
        assertThat(ledger.ack(1, false).known()).isTrue(); // an error frame for seq 1
        ledger.sending(ledger.next(2, false)); // seq 2: no answer at all
        ledger.receive(1, 0);
        ledger.receive(2, 0);
        ledger.receive(1, 1);
        ledger.receive(1, 2);
        var totals = ledger.totals();
        assertThat(totals.expected()).isEqualTo(2);
        assertThat(totals.missing()).isZero();
        assertThat(totals.noAck()).isEqualTo(1);
        assertThat(totals.deliveredOfFailed()).isEqualTo(2);
        assertThat(ledger.settled()).isFalse();
    }

    @Test
    void the_sender_hearing_its_own_message_and_unknown_seqs_are_counted_apart() {
        var ledger = acknowledged(2);
        assertThat(ledger.receive(0, 1)).isEqualTo(Receipt.TO_SENDER);
        assertThat(ledger.receive(1, 7)).isEqualTo(Receipt.UNEXPECTED);
        assertThat(ledger.ack(0, true).known()).isFalse(); // acked twice
        assertThat(ledger.ack(9, true).known()).isFalse(); // never sent
        var totals = ledger.totals();
        assertThat(totals.toSender()).isEqualTo(1);
        assertThat(totals.unexpected()).isEqualTo(3);
        assertThat(totals.deliveries()).isZero();
    }

    @Test
    void a_send_that_never_left_is_neither_pending_nor_expected() {
        var ledger = new FanoutLedger(2, 4);
        int seq = ledger.next(0, true);
        ledger.sending(seq);
        ledger.notSent(seq);
        assertThat(ledger.isWarm(seq)).isTrue();
        assertThat(ledger.pendingAcks()).isZero();
        assertThat(ledger.totals().expected()).isZero();
        for (int i = 1; i < 4; i++) ledger.next(i, false);
        assertThat(ledger.next(9, false)).isEqualTo(-1); // full
    }
}
