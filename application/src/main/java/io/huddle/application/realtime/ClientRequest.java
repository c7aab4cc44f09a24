package io.huddle.application.realtime;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A frame a client sent (PROTOCOL.md section 5), read and type-checked by the edge; its values are the
 * use cases' to judge. Every one may carry {@code ref}, which the reply repeats.
 */
public sealed interface ClientRequest {
    Optional<String> ref();

    /** Its {@code type}, as the rate limits and logs name it. */
    String type();

    /** {@code data} is the serialized JSON value; absent for none or {@code null}. */
    record Send(
            Optional<String> ref,
            Optional<String> content,
            Optional<String> kind,
            Optional<String> data,
            Optional<String> clientMsgId)
            implements ClientRequest {
        @Override
        public String type() {
            return "message:send";
        }
    }

    record TypingStart(Optional<String> ref) implements ClientRequest {
        @Override
        public String type() {
            return "typing:start";
        }
    }

    record TypingStop(Optional<String> ref) implements ClientRequest {
        @Override
        public String type() {
            return "typing:stop";
        }
    }

    /** {@code data} is the serialized JSON value, {@code "null"} included; absent when the field is missing. */
    record StateUpdate(Optional<String> ref, Optional<String> data, OptionalLong baseVersion) implements ClientRequest {
        @Override
        public String type() {
            return "state:update";
        }
    }

    record HistoryFetch(Optional<String> ref, OptionalLong before, OptionalLong after, OptionalLong limit)
            implements ClientRequest {
        @Override
        public String type() {
            return "history:fetch";
        }
    }

    record Ping(Optional<String> ref) implements ClientRequest {
        @Override
        public String type() {
            return "ping";
        }
    }

    record Leave(Optional<String> ref) implements ClientRequest {
        @Override
        public String type() {
            return "leave";
        }
    }

    /**
     * A frame the edge could not read: not JSON, too deep, a bad {@code ref}, a field of the wrong type,
     * or a {@code type} nobody knows ({@code unknownType}). Answered with an {@code error} frame; the socket
     * stays open. {@code message} names what was wrong without echoing the frame.
     */
    record Unreadable(Optional<String> ref, boolean unknownType, String message) implements ClientRequest {
        @Override
        public String type() {
            return "unreadable";
        }
    }
}
