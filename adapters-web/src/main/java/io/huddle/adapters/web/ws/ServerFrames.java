package io.huddle.adapters.web.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huddle.adapters.web.message.MessageJson;
import io.huddle.adapters.web.session.Wire.MemberJson;
import io.huddle.adapters.web.session.Wire.SessionJson;
import io.huddle.adapters.web.state.StateJson;
import io.huddle.domain.message.Message;
import java.util.List;

/**
 * The server frames of PROTOCOL.md section 5, field for field and in its order. {@code ref} is shown
 * whenever the protocol shows it, {@code null} when the client sent none.
 */
final class ServerFrames {
    private ServerFrames() {}

    record Welcome(
            String type,
            MemberJson member,
            SessionJson session,
            List<MemberJson> members,
            StateJson state,
            List<MessageJson> messages,
            boolean recovered,
            long lastSeq,
            long heartbeatSeconds) {}

    record MessageAck(String type, String ref, MessageJson message) {
        MessageAck(String ref, Message message) {
            this("message:ack", ref, MessageJson.of(message));
        }
    }

    record MessageNew(String type, MessageJson message) {
        MessageNew(Message message) {
            this("message:new", MessageJson.of(message));
        }
    }

    record Typing(String type, String memberId, boolean active) {
        Typing(String memberId, boolean active) {
            this("typing", memberId, active);
        }
    }

    record StateAck(String type, String ref, long version) {
        StateAck(String ref, long version) {
            this("state:ack", ref, version);
        }
    }

    record StateUpdated(String type, StateJson state) {
        StateUpdated(StateJson state) {
            this("state:updated", state);
        }
    }

    record History(String type, String ref, List<MessageJson> messages, boolean hasMore) {
        History(String ref, List<Message> messages, boolean hasMore) {
            this("history", ref, messages.stream().map(MessageJson::of).toList(), hasMore);
        }
    }

    record Pong(String type, String ref) {
        Pong(String ref) {
            this("pong", ref);
        }
    }

    record Presence(String type, String event, MemberJson member, int online, int total) {
        Presence(String event, MemberJson member, int online, int total) {
            this("presence", event, member, online, total);
        }
    }

    record Terminated(String type, String reason) {
        Terminated(String reason) {
            this("session:terminated", reason);
        }
    }

    /** {@code retryAfter} only on {@code rate_limited} and {@code storage_unavailable}; {@code currentVersion} only on {@code version_conflict}. */
    record Error(
            String type,
            String ref,
            String code,
            String message,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long retryAfter,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long currentVersion) {
        Error(String ref, String code, String message) {
            this("error", ref, code, message, null, null);
        }

        Error withRetryAfter(long seconds) {
            return new Error(type, ref, code, message, seconds, currentVersion);
        }

        Error withCurrentVersion(long version) {
            return new Error(type, ref, code, message, retryAfter, version);
        }
    }
}
