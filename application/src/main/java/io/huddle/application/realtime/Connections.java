package io.huddle.application.realtime;

import io.huddle.application.concurrency.Meanwhile;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberToken;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;

/**
 * Opens sockets (PROTOCOL.md section 5): the member token is checked and the socket registered, the
 * stream joins its session's feed, the welcome is read and sent, and a member's first socket announces
 * it online with the counts the welcome read. Nothing published between joining the feed and reading the
 * welcome is lost or shown twice (see {@link ConnectionStream}).
 */
public final class Connections {
    private static final System.Logger LOG = System.getLogger(Connections.class.getName());
    /** RFC 6455: the server is in a temporary condition; the client may reconnect (with {@code since}). */
    public static final int TRY_AGAIN_LATER = 1013;

    private final OpenSocket open;
    private final ReadWelcome welcome;
    private final Feeds feeds;
    private final EventBus events;
    private final ConnectionStream.Parts parts;
    private final String instanceId;
    private final Executor alongside;

    public Connections(
            OpenSocket open,
            ReadWelcome welcome,
            Feeds feeds,
            EventBus events,
            ConnectionStream.Parts parts,
            String instanceId,
            Executor alongside) {
        this.open = Objects.requireNonNull(open);
        this.welcome = Objects.requireNonNull(welcome);
        this.feeds = Objects.requireNonNull(feeds);
        this.events = Objects.requireNonNull(events);
        this.parts = Objects.requireNonNull(parts);
        this.instanceId = Objects.requireNonNull(instanceId);
        this.alongside = Objects.requireNonNull(alongside);
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

    /** Not opened: close the socket with {@code code} ({@code 4001}, {@code 4008}, {@code 1013}); nothing stays registered. */
    public record Refused(int code, String reason) implements Opening {}

    /**
     * Opens a socket writing to {@code sink}; waits on the stores (call it on the socket's own thread). A store
     * that cannot answer refuses the socket with {@link #TRY_AGAIN_LATER} and leaves nothing registered.
     *
     * <p>Once the token names a member of a live session, the session's subscription (a round trip when no
     * socket of the session is open on this gateway yet) is made while the socket's presence and the
     * member's {@code lastSeenAt} are recorded (two more): the welcome is still read only once it is confirmed.
     */
    public Opening open(Request request, Sink sink) {
        OpenSocket.Identity identity;
        try {
            identity = open.identify(request.bearer());
        } catch (StoreUnavailable e) {
            return new Refused(TRY_AGAIN_LATER, "try again later");
        }
        if (!(identity instanceof OpenSocket.Identified who)) return new Refused(4001, "unauthorized");
        var held = Meanwhile.start(
                alongside,
                () -> feeds.hold(who.session().code(), who.membership().member().id()));
        OpenSocket.Outcome opened;
        try {
            opened = open.register(who, request.socketId(), instanceId);
        } catch (RuntimeException | Error e) {
            release(held);
            if (e instanceof StoreUnavailable) return new Refused(TRY_AGAIN_LATER, "try again later");
            throw e;
        }
        return switch (opened) {
            case OpenSocket.TooMany t -> {
                release(held);
                yield new Refused(4008, "too many connections");
            }
            case OpenSocket.Opened o -> welcome(request, sink, o, held);
        };
    }

    /** Lets go of the session's feed held while the socket registered (a hold that failed holds nothing). */
    private static void release(Meanwhile<ConnectionStream.FeedRegistration> held) {
        try {
            held.await().close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "holding a session's feed failed; nothing to let go of", e);
        }
    }

    private Opening welcome(
            Request request, Sink sink, OpenSocket.Opened opened, Meanwhile<ConnectionStream.FeedRegistration> held) {
        var token = request.bearer().flatMap(MemberToken::parse).orElseThrow();
        var stream = new ConnectionStream(
                parts,
                sink,
                opened.membership(),
                token.hash(),
                request.bearer().orElseThrow(),
                request.clientIp(),
                request.socketId());
        ReadWelcome.Outcome read;
        try {
            try {
                feeds.register(stream);
            } finally {
                // The stream holds the feed now (or failed to): the hold has served.
                release(held);
            }
            read = welcome.handle(
                    opened.session(),
                    opened.membership().member().id(),
                    request.since().orElse(OptionalLong.empty()));
        } catch (RuntimeException | Error e) {
            // Not welcomed: nothing of the socket may stay behind (feed, presence), and the client is told
            // to try again later (1013, RFC 6455's code for a temporary condition), not that it failed for good.
            // An Error too (a StackOverflowError reading the welcome, say): else its presence and feed stayed.
            LOG.log(System.Logger.Level.WARNING, "a socket could not be welcomed; closing it with 1013", e);
            stream.closed();
            return new Refused(TRY_AGAIN_LATER, "try again later");
        }
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
