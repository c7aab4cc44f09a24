package io.huddle.application.realtime;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberToken;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Opens sockets (PROTOCOL.md section 5): the member token is checked and the socket registered, the
 * stream joins its session's feed, the welcome is read and sent, and a member's first socket announces
 * it online with the counts the welcome read. Nothing published between joining the feed and reading the
 * welcome is lost or shown twice (see {@link ConnectionStream}).
 */
public final class Connections {
    private static final System.Logger LOG = System.getLogger(Connections.class.getName());

    private final OpenSocket open;
    private final ReadWelcome welcome;
    private final Feeds feeds;
    private final EventBus events;
    private final ConnectionStream.Parts parts;
    private final String instanceId;

    public Connections(
            OpenSocket open,
            ReadWelcome welcome,
            Feeds feeds,
            EventBus events,
            ConnectionStream.Parts parts,
            String instanceId) {
        this.open = Objects.requireNonNull(open);
        this.welcome = Objects.requireNonNull(welcome);
        this.feeds = Objects.requireNonNull(feeds);
        this.events = Objects.requireNonNull(events);
        this.parts = Objects.requireNonNull(parts);
        this.instanceId = Objects.requireNonNull(instanceId);
    }

    /**
     * @param bearer the member token as the client sent it (header or subprotocol)
     * @param since empty without {@code ?since}; an empty {@code OptionalLong} inside when it was not a seq
     * @param socketId unique among every instance's sockets
     */
    public record Request(Optional<String> bearer, Optional<OptionalLong> since, String clientIp, String socketId) {}

    public sealed interface Opening {}

    /** Welcomed: the stream takes the socket's frames from now on. */
    public record Opened(ConnectionStream stream) implements Opening {}

    /** Not opened: close the socket with {@code code} ({@code 4001}, {@code 4008}); nothing stays registered. */
    public record Refused(int code, String reason) implements Opening {}

    /** Opens a socket writing to {@code sink}; waits on the stores (call it on the socket's own thread). */
    public Opening open(Request request, Sink sink) {
        var opened = open.handle(new OpenSocket.Command(request.bearer(), request.socketId(), instanceId));
        return switch (opened) {
            case OpenSocket.Unauthorized u -> new Refused(4001, "unauthorized");
            case OpenSocket.TooMany t -> new Refused(4008, "too many connections");
            case OpenSocket.Opened o -> welcome(request, sink, o);
        };
    }

    private Opening welcome(Request request, Sink sink, OpenSocket.Opened opened) {
        var token = request.bearer().flatMap(MemberToken::parse).orElseThrow();
        var stream = new ConnectionStream(
                parts,
                sink,
                opened.membership(),
                token.hash(),
                request.bearer().orElseThrow(),
                request.clientIp(),
                request.socketId());
        feeds.register(stream);
        var read = welcome.handle(
                opened.session(),
                opened.membership().member().id(),
                request.since().orElse(OptionalLong.empty()));
        if (!(read instanceof ReadWelcome.Welcome welcomed)) {
            stream.revoked();
            stream.closed();
            return new Refused(4001, "unauthorized");
        }
        stream.welcomed(
                welcomed, request.since().isPresent() && request.since().get().isEmpty());
        if (opened.first()) {
            try {
                events.publish(new SessionEvent.MemberOnline(
                        opened.membership().session(),
                        opened.membership().member(),
                        welcomed.session().headcount()));
            } catch (RuntimeException e) {
                // The socket is open and welcomed; the others see the member online at their next welcome.
                LOG.log(System.Logger.Level.WARNING, "announcing a member online failed", e);
            }
        }
        return new Opened(stream);
    }
}
