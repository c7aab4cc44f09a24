package io.huddle.runtime;

import io.huddle.application.message.MessageHistory;
import io.huddle.application.realtime.RealtimeMeters;
import io.huddle.application.realtime.ServerEvent;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.message.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real-time path's series in Prometheus terms. Labels are low-cardinality only (a close code, a
 * frame type, a tier, a path): never a session code, a member id or a token. Every labelled series is
 * bound when the process starts, from the protocol's closed lists (PROTOCOL.md sections 5 and 7), so a
 * frame never looks a meter up or builds one, and a dashboard sees 0 before the first event; a value
 * outside those lists (a close code Jetty chose) counts as {@code other}.
 */
public final class RealtimeMetrics implements RealtimeMeters {
    /** Latency buckets for the send and fan-out histograms: the SLOs a dashboard draws lines at. */
    static final Duration[] SLO = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5)
    };

    private static final String OTHER = "other";

    private final InstantSource clock;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter opened;
    private final Counter deliveries;
    private final Counter rounds;
    private final Counter heldBack;
    private final Counter bytesOut;
    private final Counter slowConsumers;
    private final Timer sendLatency;
    private final Timer lagLocal;
    private final Timer lagBus;
    private final Timer lagHistory;
    private final Counter gapFillsRecent;
    private final Counter gapFillsLog;
    private final Counter gapFilledRecent;
    private final Counter gapFilledLog;
    private final Closes closes;
    private final FramesIn framesIn;
    private final FramesOut framesOut;
    private final Counter limitedBurst;
    private final Counter limitedMessage;
    private final Counter limitedMessageIp;
    private final Counter limitedOther;

    public RealtimeMetrics(MeterRegistry registry, InstantSource clock) {
        this.clock = clock;
        Gauge.builder("huddle.ws.connections", open, AtomicInteger::get)
                .description("WebSockets open (welcomed) on this instance")
                .register(registry);
        this.opened = Counter.builder("huddle.ws.opened")
                .description("WebSockets welcomed")
                .register(registry);
        this.closes = new Closes(registry);
        this.framesIn = new FramesIn(registry);
        this.framesOut = new FramesOut(registry);
        this.bytesOut = Counter.builder("huddle.ws.sent")
                .baseUnit("bytes")
                .description("Bytes of text frames written to sockets (a broadcast counts once per socket)")
                .register(registry);
        this.limitedBurst = limited(registry, LimitPolicy.BURST);
        this.limitedMessage = limited(registry, LimitPolicy.MESSAGE);
        this.limitedMessageIp = limited(registry, LimitPolicy.MESSAGE_IP);
        this.limitedOther = limited(registry, OTHER);
        this.deliveries = Counter.builder("huddle.fanout.deliveries")
                .description("Events handed to sockets (one per event per socket)")
                .register(registry);
        this.rounds = Counter.builder("huddle.fanout.rounds")
                .description("Rounds of events handed to a session's sockets")
                .register(registry);
        this.heldBack = Counter.builder("huddle.fanout.held.back")
                .description("Messages that arrived ahead of a missing one and waited")
                .register(registry);
        this.gapFillsRecent = gapFills(registry, "recent");
        this.gapFillsLog = gapFills(registry, "log");
        this.gapFilledRecent = gapFilled(registry, "recent");
        this.gapFilledLog = gapFilled(registry, "log");
        this.lagLocal = lag(registry, "local");
        this.lagBus = lag(registry, "bus");
        this.lagHistory = lag(registry, "history");
        this.slowConsumers = Counter.builder("huddle.ws.slow.consumer.closes")
                .description("Sockets closed with 1013 because they read too slowly")
                .register(registry);
        this.sendLatency = Timer.builder("huddle.message.send")
                .description("From a message:send frame's arrival to its answer (ack or error), timed as the answer"
                        + " is written")
                .serviceLevelObjectives(SLO)
                .register(registry);
    }

    private static Counter limited(MeterRegistry registry, String tier) {
        return Counter.builder("huddle.ws.frames.limited")
                .description("Frames refused by a rate limit, by tier")
                .tag("tier", tier)
                .register(registry);
    }

    private static Counter gapFills(MeterRegistry registry, String source) {
        return Counter.builder("huddle.fanout.gap.fills")
                .description("Gaps filled from the history, by the store that answered (recent copy or log)")
                .tag("source", source)
                .register(registry);
    }

    private static Counter gapFilled(MeterRegistry registry, String source) {
        return Counter.builder("huddle.fanout.gap.filled.messages")
                .description("Messages read from the history to fill gaps, by the store that answered")
                .tag("source", source)
                .register(registry);
    }

    private static Timer lag(MeterRegistry registry, String path) {
        return Timer.builder("huddle.fanout.lag")
                .description("From a message being stored to its being handed to this instance's sockets, by how"
                        + " it came: local (this instance stored it), bus (another instance did), history (gap fill)")
                .tag("path", path)
                .serviceLevelObjectives(SLO)
                .register(registry);
    }

    @Override
    public void opened() {
        open.incrementAndGet();
        opened.increment();
    }

    @Override
    public void closed(int code) {
        open.decrementAndGet();
        closes.of(code).increment();
    }

    @Override
    public void frameIn(String type) {
        framesIn.of(type).increment();
    }

    @Override
    public void frameOut(ServerEvent event, int bytes) {
        framesOut.of(event).increment();
        bytesOut.increment(bytes);
    }

    @Override
    public void limited(String tier) {
        var counter = switch (tier) {
            case LimitPolicy.BURST -> limitedBurst;
            case LimitPolicy.MESSAGE -> limitedMessage;
            case LimitPolicy.MESSAGE_IP -> limitedMessageIp;
            default -> limitedOther;
        };
        counter.increment();
    }

    @Override
    public void sendAnswered(Duration latency) {
        sendLatency.record(latency);
    }

    @Override
    public void delivered(int events, int streams) {
        rounds.increment();
        deliveries.increment((double) events * streams);
    }

    @Override
    public void fannedOut(Message message, FeedPath path) {
        // Across hosts this includes their clock offset: a lag below 0 is recorded as 0.
        long lag = Math.max(0, clock.millis() - message.sentAt().toEpochMilli());
        var timer = switch (path) {
            case LOCAL -> lagLocal;
            case BUS -> lagBus;
            case HISTORY -> lagHistory;
        };
        timer.record(lag, TimeUnit.MILLISECONDS);
    }

    @Override
    public void heldBack() {
        heldBack.increment();
    }

    @Override
    public void gapFilled(int messages, MessageHistory.Source source) {
        switch (source) {
            case RECENT -> {
                gapFillsRecent.increment();
                gapFilledRecent.increment(messages);
            }
            case LOG -> {
                gapFillsLog.increment();
                gapFilledLog.increment(messages);
            }
        }
    }

    @Override
    public void slowConsumer() {
        slowConsumers.increment();
    }

    /** {@code huddle_ws_closed_total{code}}: the close codes of PROTOCOL.md section 5, 1006 and 1011. */
    private static final class Closes {
        static final int[] CODES = {1000, 1001, 1006, 1008, 1009, 1011, 1013, 4001, 4004, 4008, 4009};
        private final Counter[] byCode = new Counter[CODES.length];
        private final Counter other;

        Closes(MeterRegistry registry) {
            for (int i = 0; i < CODES.length; i++) byCode[i] = counter(registry, Integer.toString(CODES[i]));
            other = counter(registry, OTHER);
        }

        private static Counter counter(MeterRegistry registry, String code) {
            return Counter.builder("huddle.ws.closed")
                    .description("Welcomed WebSockets closed, by close code (1006: the connection dropped)")
                    .tag("code", code)
                    .register(registry);
        }

        Counter of(int code) {
            for (int i = 0; i < CODES.length; i++) {
                if (CODES[i] == code) return byCode[i];
            }
            return other;
        }
    }

    /** {@code huddle_ws_frames_in_total{type}}: the client frames of PROTOCOL.md section 5. */
    private static final class FramesIn {
        private final Counter send;
        private final Counter typingStart;
        private final Counter typingStop;
        private final Counter stateUpdate;
        private final Counter historyFetch;
        private final Counter ping;
        private final Counter leave;
        private final Counter unreadable;

        FramesIn(MeterRegistry registry) {
            send = counter(registry, "message:send");
            typingStart = counter(registry, "typing:start");
            typingStop = counter(registry, "typing:stop");
            stateUpdate = counter(registry, "state:update");
            historyFetch = counter(registry, "history:fetch");
            ping = counter(registry, "ping");
            leave = counter(registry, "leave");
            // Not JSON, an unknown type, a wrong field: the client's text is never a label value.
            unreadable = counter(registry, "unreadable");
        }

        private static Counter counter(MeterRegistry registry, String type) {
            return Counter.builder("huddle.ws.frames.in")
                    .description("Frames received, by type (unreadable: not a frame of the protocol)")
                    .tag("type", type)
                    .register(registry);
        }

        Counter of(String type) {
            return switch (type) {
                case "message:send" -> send;
                case "typing:start" -> typingStart;
                case "typing:stop" -> typingStop;
                case "state:update" -> stateUpdate;
                case "history:fetch" -> historyFetch;
                case "ping" -> ping;
                case "leave" -> leave;
                default -> unreadable;
            };
        }
    }

    /** {@code huddle_ws_frames_out_total{type}}: the server frames of PROTOCOL.md section 5. */
    private static final class FramesOut {
        private final Counter welcome;
        private final Counter messageNew;
        private final Counter messageAck;
        private final Counter presence;
        private final Counter typing;
        private final Counter stateUpdated;
        private final Counter stateAck;
        private final Counter history;
        private final Counter pong;
        private final Counter terminated;
        private final Counter warning;
        private final Counter error;

        FramesOut(MeterRegistry registry) {
            welcome = counter(registry, "welcome");
            messageNew = counter(registry, "message:new");
            messageAck = counter(registry, "message:ack");
            presence = counter(registry, "presence");
            typing = counter(registry, "typing");
            stateUpdated = counter(registry, "state:updated");
            stateAck = counter(registry, "state:ack");
            history = counter(registry, "history");
            pong = counter(registry, "pong");
            terminated = counter(registry, "session:terminated");
            warning = counter(registry, "session:warning");
            error = counter(registry, "error");
        }

        private static Counter counter(MeterRegistry registry, String type) {
            return Counter.builder("huddle.ws.frames.out")
                    .description("Frames written to sockets, by type (a broadcast counts once per socket)")
                    .tag("type", type)
                    .register(registry);
        }

        Counter of(ServerEvent event) {
            return switch (event) {
                case ServerEvent.Welcome w -> welcome;
                case ServerEvent.MessageNew m -> messageNew;
                case ServerEvent.MessageAck a -> messageAck;
                case ServerEvent.Presence p -> presence;
                case ServerEvent.Typing t -> typing;
                case ServerEvent.StateUpdated s -> stateUpdated;
                case ServerEvent.StateAck s -> stateAck;
                case ServerEvent.History h -> history;
                case ServerEvent.Pong p -> pong;
                case ServerEvent.Terminated t -> terminated;
                case ServerEvent.Warning w -> warning;
                case ServerEvent.Error e -> error;
            };
        }
    }
}
