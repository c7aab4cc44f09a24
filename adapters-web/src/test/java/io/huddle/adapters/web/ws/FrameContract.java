package io.huddle.adapters.web.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * docs/asyncapi.yaml as a contract: every frame a test's {@link WsClient} takes is checked against the
 * payload schema of the message with its {@code type} (the shared objects come from docs/openapi.yaml, as
 * the document's references say), and fails the test that took it when it does not match.
 */
final class FrameContract {
    private static final String BASE = "https://huddle.invalid/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final JsonNode ASYNCAPI = load("asyncapi.yaml");
    private static final JsonNode OPENAPI = load("openapi.yaml");
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(Map.of(
                    BASE + "asyncapi.yaml", ASYNCAPI.toString(),
                    BASE + "openapi.yaml", OPENAPI.toString())));
    private static final Map<String, String> MESSAGE_BY_TYPE = messagesByType();
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();
    private static final AtomicLong CHECKED = new AtomicLong();

    private FrameContract() {}

    private static JsonNode load(String name) {
        var resource = "/io/huddle/adapters/web/api/" + name;
        try (var in = FrameContract.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " was not packaged");
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each frame type ({@code "message:new"}) to its message's name under components/messages. */
    private static Map<String, String> messagesByType() {
        var byType = new HashMap<String, String>();
        ASYNCAPI.path("components")
                .path("messages")
                .properties()
                .forEach(entry -> byType.put(
                        entry.getValue()
                                .path("payload")
                                .path("properties")
                                .path("type")
                                .path("const")
                                .asText(),
                        entry.getKey()));
        return Map.copyOf(byType);
    }

    /** Every frame type the document describes. */
    static java.util.Set<String> types() {
        return MESSAGE_BY_TYPE.keySet();
    }

    static long checked() {
        return CHECKED.get();
    }

    /** What is wrong with {@code frame}; empty when it conforms. */
    static List<String> violations(JsonNode frame) {
        List<String> violations = new ArrayList<>();
        var type = frame.path("type").asText();
        var message = MESSAGE_BY_TYPE.get(type);
        if (message == null) {
            violations.add("no message of type " + type + " in docs/asyncapi.yaml");
            return violations;
        }
        var pointer = "#/components/messages/" + message + "/payload";
        var schema = COMPILED.computeIfAbsent(
                pointer, p -> SCHEMAS.getSchema(SchemaLocation.of(BASE + "asyncapi.yaml" + p)));
        for (var error : schema.validate(frame)) violations.add(message + ": " + error);
        return violations;
    }

    /** Fails with every way {@code frame} departs from the document. */
    static void check(JsonNode frame) {
        CHECKED.incrementAndGet();
        var violations = violations(frame);
        if (!violations.isEmpty()) {
            throw new AssertionError(
                    "frame does not match docs/asyncapi.yaml: " + frame + "\n  " + String.join("\n  ", violations));
        }
    }
}
