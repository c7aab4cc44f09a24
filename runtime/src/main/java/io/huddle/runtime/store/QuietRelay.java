package io.huddle.runtime.store;

import io.huddle.domain.message.MessageRelay;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay to Redis (recent copy and the other gateways) while Redis may be away: a failed relay is
 * expected then (the messages are committed and this gateway's sockets have them; the other gateways read
 * them from PostgreSQL), so it is logged once per outage rather than once per group commit, and the writer
 * goes on with its next batch without a stack trace per batch.
 */
public final class QuietRelay implements MessageRelay {
    private static final Logger log = LoggerFactory.getLogger(QuietRelay.class);

    private final MessageRelay relay;
    private final AtomicBoolean failing = new AtomicBoolean();

    public QuietRelay(MessageRelay relay) {
        this.relay = relay;
    }

    @Override
    public void relay(List<Stored> stored) {
        try {
            relay.relay(stored);
            if (failing.compareAndSet(true, false)) log.info("messages are relayed through Redis again");
        } catch (RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                log.atWarn()
                        .addKeyValue("error", e.getClass().getSimpleName())
                        .log(
                                "messages are committed but not relayed through Redis; other gateways read them from PostgreSQL");
            }
        }
    }
}
