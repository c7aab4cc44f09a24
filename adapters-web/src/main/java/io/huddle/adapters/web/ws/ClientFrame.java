package io.huddle.adapters.web.ws;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A frame a client sent, read and type-checked (values are the use cases' to judge). Every one may
 * carry {@code ref}, which the reply repeats.
 */
sealed interface ClientFrame {
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
            implements ClientFrame {
        public String type() {
            return "message:send";
        }
    }

    record TypingStart(Optional<String> ref) implements ClientFrame {
        public String type() {
            return "typing:start";
        }
    }

    record TypingStop(Optional<String> ref) implements ClientFrame {
        public String type() {
            return "typing:stop";
        }
    }

    /** {@code data} is the serialized JSON value, {@code "null"} included; absent when the field is missing. */
    record StateUpdate(Optional<String> ref, Optional<String> data, OptionalLong baseVersion) implements ClientFrame {
        public String type() {
            return "state:update";
        }
    }

    record HistoryFetch(Optional<String> ref, OptionalLong before, OptionalLong after, OptionalLong limit)
            implements ClientFrame {
        public String type() {
            return "history:fetch";
        }
    }

    record Ping(Optional<String> ref) implements ClientFrame {
        public String type() {
            return "ping";
        }
    }

    record Leave(Optional<String> ref) implements ClientFrame {
        public String type() {
            return "leave";
        }
    }
}
