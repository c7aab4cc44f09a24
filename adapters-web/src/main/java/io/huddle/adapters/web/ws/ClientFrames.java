package io.huddle.adapters.web.ws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.Json;
import io.huddle.application.realtime.ClientRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads client frames: a JSON object with a known {@code type}, a {@code ref} of at most 64 characters,
 * and fields of the right JSON types. Everything else is {@link ClientRequest.Unreadable}, naming what was
 * wrong without echoing the frame; the socket answers it with an {@code error} frame and stays open.
 */
final class ClientFrames {
    static final int MAX_REF = 64;

    private ClientFrames() {}

    /** {@code ref} when the frame had a usable one, so the error frame can repeat it. */
    private static ClientRequest.Unreadable invalid(Optional<String> ref, String message) {
        return new ClientRequest.Unreadable(ref, false, message);
    }

    static ClientRequest parse(String text) {
        JsonNode node;
        try {
            node = Json.reader().readTree(text);
        } catch (StreamConstraintsException e) {
            return invalid(
                    refOfRefused(text),
                    "The frame nests deeper than " + Json.MAX_NESTING_DEPTH + " levels or holds an over-long value.");
        } catch (JsonProcessingException e) {
            return invalid(Optional.empty(), "The frame is not valid JSON.");
        }
        if (node == null || !node.isObject()) return invalid(Optional.empty(), "A frame is a JSON object.");
        var refNode = given(node, "ref");
        if (refNode.isPresent()
                && (!refNode.get().isTextual()
                        || refNode.get()
                                        .textValue()
                                        .codePointCount(
                                                0, refNode.get().textValue().length())
                                > MAX_REF)) {
            return invalid(Optional.empty(), "ref must be a string of at most " + MAX_REF + " characters.");
        }
        var ref = refNode.map(JsonNode::textValue);
        var type = given(node, "type");
        if (type.isEmpty() || !type.get().isTextual()) return invalid(ref, "type must be a string.");
        var fields = new Fields(node);
        ClientRequest frame = switch (type.get().textValue()) {
            case "message:send" ->
                new ClientRequest.Send(
                        ref,
                        fields.text("content"),
                        fields.text("kind"),
                        fields.json("data"),
                        fields.text("clientMsgId"));
            case "typing:start" -> new ClientRequest.TypingStart(ref);
            case "typing:stop" -> new ClientRequest.TypingStop(ref);
            case "state:update" ->
                new ClientRequest.StateUpdate(ref, fields.jsonOrNull("data"), fields.integer("baseVersion"));
            case "history:fetch" ->
                new ClientRequest.HistoryFetch(
                        ref, fields.integer("before"), fields.integer("after"), fields.integer("limit"));
            case "ping" -> new ClientRequest.Ping(ref);
            case "leave" -> new ClientRequest.Leave(ref);
            default -> null;
        };
        if (frame == null) return new ClientRequest.Unreadable(ref, true, "Unknown frame type.");
        if (!fields.errors.isEmpty()) return invalid(ref, String.join("; ", fields.errors));
        return frame;
    }

    /**
     * Reads no more than a frame's top-level {@code ref}, for one refused for its depth or an over-long value,
     * which is valid JSON: its error frame then answers the ref, as every other error frame does. The frame
     * is no longer than a socket takes, so neither its depth nor its lengths need bounds of their own here.
     */
    private static Optional<String> refOfRefused(String text) {
        try (var parser = UNBOUNDED.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                var name = parser.currentName();
                var value = parser.nextToken();
                if (name.equals("ref")) {
                    if (value != JsonToken.VALUE_STRING) return Optional.empty();
                    var ref = parser.getText();
                    return ref.codePointCount(0, ref.length()) > MAX_REF ? Optional.empty() : Optional.of(ref);
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            // Not readable after all: no ref to answer.
        }
        return Optional.empty();
    }

    private static final JsonFactory UNBOUNDED = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private static Optional<JsonNode> given(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /** Type checks of one frame's fields, collecting every wrong one. */
    private static final class Fields {
        private final JsonNode node;
        private final List<String> errors = new ArrayList<>();

        Fields(JsonNode node) {
            this.node = node;
        }

        Optional<String> text(String field) {
            var value = given(node, field);
            if (value.isPresent() && !value.get().isTextual()) {
                errors.add(field + " must be a string");
                return Optional.empty();
            }
            return value.map(JsonNode::textValue);
        }

        OptionalLong integer(String field) {
            var value = given(node, field);
            if (value.isEmpty()) return OptionalLong.empty();
            if (!value.get().isIntegralNumber()) {
                errors.add(field + " must be a whole number");
                return OptionalLong.empty();
            }
            if (value.get().canConvertToLong())
                return OptionalLong.of(value.get().longValue());
            return OptionalLong.of(value.get().bigIntegerValue().signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
        }

        /** Any JSON value, serialized; {@code null} and absent are both none. */
        Optional<String> json(String field) {
            return given(node, field).filter(value -> storable(field, value)).map(ClientFrames::write);
        }

        /** Any JSON value, serialized, {@code null} included; absent only when the field is missing. */
        Optional<String> jsonOrNull(String field) {
            var value = node.get(field);
            return value == null || !storable(field, value) ? Optional.empty() : Optional.of(write(value));
        }

        /** A number beyond a double's range, or an unpaired surrogate, is refused ({@link Json#unstorable}). */
        private boolean storable(String field, JsonNode value) {
            var problem = Json.unstorable(value);
            problem.ifPresent(message -> errors.add(field + " " + message));
            return problem.isEmpty();
        }
    }

    private static String write(JsonNode value) {
        try {
            return Json.writer().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON value that cannot be written", e);
        }
    }
}
