package io.huddle.adapters.redis;

import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.event.SessionEvent.Departure;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.ClientMsgId;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageData;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Session events as they travel on pub/sub channels: a compact binary encoding, written and read here
 * only (every gateway runs the same code), decoded straight into domain values with no JSON tree. One
 * payload holds one event, or every message one session stored in one group commit. Texts are UTF-8
 * with an int length (state data may exceed 64 KiB); instants keep full precision (seconds and nanos),
 * so an event arrives equal to the one published.
 *
 * <p>{@code 'H' version type session origin body}: {@code origin} is the publishing instance, so an
 * instance can skip its own message batches, which it has delivered already.
 */
final class EventCodec {
    static final byte MAGIC = 'H';
    static final byte VERSION = 2;

    private static final byte MESSAGES = 1;
    private static final byte MEMBER_JOINED = 2;
    private static final byte MEMBER_LEFT = 3;
    private static final byte MEMBER_ONLINE = 4;
    private static final byte MEMBER_OFFLINE = 5;
    private static final byte TYPING = 6;
    private static final byte STATE_UPDATED = 7;
    private static final byte SESSION_ENDED = 8;

    private EventCodec() {}

    /** A decoded payload: its events in order, and the instance that published it. */
    record Decoded(String origin, boolean messages, List<SessionEvent> events) {}

    static byte[] encode(SessionEvent event, String origin) {
        return write(out -> {
            switch (event) {
                case SessionEvent.MessagePosted e -> {
                    header(out, MESSAGES, e.session(), origin);
                    out.writeInt(1);
                    message(out, e.message());
                }
                case SessionEvent.MemberJoined e -> {
                    header(out, MEMBER_JOINED, e.session(), origin);
                    member(out, e.member());
                    headcount(out, e.headcount());
                }
                case SessionEvent.MemberLeft e -> {
                    header(out, MEMBER_LEFT, e.session(), origin);
                    member(out, e.member());
                    out.writeByte(e.how().ordinal());
                    headcount(out, e.headcount());
                }
                case SessionEvent.MemberOnline e -> {
                    header(out, MEMBER_ONLINE, e.session(), origin);
                    member(out, e.member());
                    headcount(out, e.headcount());
                }
                case SessionEvent.MemberOffline e -> {
                    header(out, MEMBER_OFFLINE, e.session(), origin);
                    member(out, e.member());
                    headcount(out, e.headcount());
                }
                case SessionEvent.Typing e -> {
                    header(out, TYPING, e.session(), origin);
                    text(out, e.member().value());
                    out.writeBoolean(e.active());
                }
                case SessionEvent.StateUpdated e -> {
                    header(out, STATE_UPDATED, e.session(), origin);
                    var state = e.state();
                    out.writeLong(state.version());
                    text(out, state.data().orElseThrow().json());
                    instant(out, state.updatedAt().orElseThrow());
                    text(out, state.updatedBy().orElseThrow().value());
                }
                case SessionEvent.SessionEnded e -> {
                    header(out, SESSION_ENDED, e.session(), origin);
                    text(out, e.reason().name());
                }
            }
        });
    }

    /** Every message of one session's group commit, ascending by seq, in one payload. */
    static byte[] encodeMessages(SessionCode session, List<Message> messages, String origin) {
        return write(out -> {
            header(out, MESSAGES, session, origin);
            out.writeInt(messages.size());
            for (var message : messages) message(out, message);
        });
    }

    /** Empty for bytes that are not a payload of this version (a newer one, garbage); never throws. */
    static Optional<Decoded> decode(byte[] payload) {
        try (var in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            if (in.readByte() != MAGIC || in.readByte() != VERSION) return Optional.empty();
            byte type = in.readByte();
            var session = new SessionCode(text(in));
            var origin = text(in);
            List<SessionEvent> events = switch (type) {
                case MESSAGES -> {
                    int count = in.readInt();
                    if (count < 0 || count > 100_000) throw new IllegalStateException("message count " + count);
                    var messages = new ArrayList<SessionEvent>(count);
                    for (int i = 0; i < count; i++) {
                        messages.add(new SessionEvent.MessagePosted(session, message(in, session)));
                    }
                    yield messages;
                }
                case MEMBER_JOINED -> List.of(new SessionEvent.MemberJoined(session, member(in), headcount(in)));
                case MEMBER_LEFT -> {
                    var member = member(in);
                    var how = Departure.values()[in.readByte()];
                    yield List.of(new SessionEvent.MemberLeft(session, member, how, headcount(in)));
                }
                case MEMBER_ONLINE -> List.of(new SessionEvent.MemberOnline(session, member(in), headcount(in)));
                case MEMBER_OFFLINE -> List.of(new SessionEvent.MemberOffline(session, member(in), headcount(in)));
                case TYPING -> List.of(new SessionEvent.Typing(session, new MemberId(text(in)), in.readBoolean()));
                case STATE_UPDATED -> {
                    long version = in.readLong();
                    var data = new StateData(text(in));
                    var at = instant(in);
                    var by = new MemberId(text(in));
                    yield List.of(new SessionEvent.StateUpdated(session, SharedState.written(version, data, at, by)));
                }
                case SESSION_ENDED -> List.of(new SessionEvent.SessionEnded(session, EndReason.valueOf(text(in))));
                default -> null;
            };
            if (events == null || in.available() != 0) return Optional.empty();
            return Optional.of(new Decoded(origin, type == MESSAGES, events));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The publishing instance and whether it is a message batch, read without decoding the rest. */
    static Optional<Decoded> peek(byte[] payload) {
        try {
            var buffer = ByteBuffer.wrap(payload);
            if (buffer.get() != MAGIC || buffer.get() != VERSION) return Optional.empty();
            byte type = buffer.get();
            skipText(buffer);
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) return Optional.empty();
            var origin = new String(payload, buffer.position(), length, StandardCharsets.UTF_8);
            return Optional.of(new Decoded(origin, type == MESSAGES, List.of()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private interface Writing {
        void to(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writing writing) {
        var bytes = new ByteArrayOutputStream(256);
        try (var out = new DataOutputStream(bytes)) {
            writing.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static void header(DataOutputStream out, byte type, SessionCode session, String origin) throws IOException {
        out.writeByte(MAGIC);
        out.writeByte(VERSION);
        out.writeByte(type);
        text(out, session.value());
        text(out, origin);
    }

    private static void message(DataOutputStream out, Message message) throws IOException {
        text(out, message.id().value());
        out.writeLong(message.seq());
        text(out, message.senderId().value());
        text(out, message.senderName());
        text(out, message.kind().value());
        text(out, message.content());
        optional(out, message.data().map(MessageData::json));
        optional(out, message.clientMsgId().map(ClientMsgId::value));
        instant(out, message.sentAt());
    }

    private static Message message(DataInputStream in, SessionCode session) throws IOException {
        var id = new MessageId(text(in));
        long seq = in.readLong();
        var sender = new MemberId(text(in));
        var senderName = text(in);
        var kind = new MessageKind(text(in));
        var content = text(in);
        var data = optional(in).map(MessageData::new);
        var clientMsgId = optional(in).map(ClientMsgId::new);
        return new Message(id, seq, session, sender, senderName, kind, content, data, clientMsgId, instant(in));
    }

    private static void member(DataOutputStream out, Member member) throws IOException {
        text(out, member.id().value());
        text(out, member.displayName());
        text(out, member.role().wireName());
        instant(out, member.joinedAt());
        instant(out, member.lastSeenAt());
    }

    private static Member member(DataInputStream in) throws IOException {
        var id = new MemberId(text(in));
        var name = text(in);
        var role = Role.fromWireName(text(in)).orElseThrow();
        return new Member(id, name, role, instant(in), instant(in));
    }

    private static void headcount(DataOutputStream out, Headcount headcount) throws IOException {
        out.writeInt(headcount.online());
        out.writeInt(headcount.total());
    }

    private static Headcount headcount(DataInputStream in) throws IOException {
        return new Headcount(in.readInt(), in.readInt());
    }

    private static void instant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void optional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) text(out, value.get());
    }

    private static Optional<String> optional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(text(in)) : Optional.empty();
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        var bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String text(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) throw new IllegalStateException("text length " + length);
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void skipText(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) throw new IllegalStateException("text length " + length);
        buffer.position(buffer.position() + length);
    }
}
