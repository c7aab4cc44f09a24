package io.huddle.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * docs/openapi.yaml as a contract the tests hold the gateway to. Every response a test of this module
 * receives through its HTTP helpers ({@link Http}, {@link TestHuddle}, the session and limit fixtures) is
 * {@link #check checked} on arrival: its path and method must be documented (or be the documented 404/405),
 * its status must be one the operation lists, and its body must validate against the schema of that status
 * and media type (networknt json-schema-validator, JSON Schema 2020-12, as OpenAPI 3.1 uses it). A mismatch
 * fails the test that received it, naming the operation and what did not match.
 */
public final class ApiContract {
    static final String BASE = "https://huddle.invalid/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DOCUMENT = load();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(BASE, DOCUMENT.toString())));
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();
    private static final List<Template> TEMPLATES = templates();
    private static final AtomicLong CHECKED = new AtomicLong();

    private ApiContract() {}

    /** A documented path and the regular expression its concrete paths match. */
    record Template(String path, Pattern pattern, int literals) {}

    /** The document, read from what the build packaged (the same bytes the gateway serves). */
    static JsonNode document() {
        return DOCUMENT;
    }

    /** How many responses were checked so far in this JVM: a guard against a contract that checks nothing. */
    static long checked() {
        return CHECKED.get();
    }

    private static JsonNode load() {
        try (var in = ApiContract.class.getResourceAsStream(ApiDocument.OPENAPI)) {
            if (in == null) throw new IllegalStateException(ApiDocument.OPENAPI + " was not packaged");
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Template> templates() {
        List<Template> templates = new ArrayList<>();
        DOCUMENT.path("paths").fieldNames().forEachRemaining(path -> {
            var regex = new StringBuilder("^");
            int literals = 0;
            for (var segment : path.substring(1).split("/", -1)) {
                regex.append('/');
                if (segment.startsWith("{")) {
                    regex.append("[^/]+");
                } else {
                    regex.append(Pattern.quote(segment));
                    literals++;
                }
            }
            templates.add(new Template(path, Pattern.compile(regex + "$"), literals));
        });
        templates.sort(Comparator.comparingInt(Template::literals).reversed());
        return List.copyOf(templates);
    }

    /** The documented path a concrete path falls under. */
    static Optional<String> templateOf(String path) {
        return TEMPLATES.stream()
                .filter(t -> t.pattern().matcher(path).matches())
                .map(Template::path)
                .findFirst();
    }

    /** Fails with every way {@code response} departs from the document. */
    public static void check(HttpRequest request, HttpResponse<String> response) {
        var violations = violations(
                request.method(),
                request.uri().getRawPath(),
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body(),
                response.headers().firstValue("X-Correlation-Id").isPresent());
        CHECKED.incrementAndGet();
        if (!violations.isEmpty()) {
            throw new AssertionError("response does not match docs/openapi.yaml: " + request.method() + " "
                    + request.uri().getRawPath() + " -> " + response.statusCode() + " " + response.body() + "\n  "
                    + String.join("\n  ", violations));
        }
    }

    /** What is wrong with a response; empty when it conforms. */
    static List<String> violations(
            String method, String path, int status, String contentType, String body, boolean correlated) {
        List<String> violations = new ArrayList<>();
        if (method.equals("OPTIONS") || method.equals("HEAD")) return violations; // CORS filter, not routes
        if (!correlated) violations.add("no X-Correlation-Id header");
        var template = templateOf(path);
        if (template.isEmpty()) {
            expectProblem(status, 404, "not_found", contentType, body, violations);
            return violations;
        }
        var operation = DOCUMENT.path("paths").path(template.get()).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            expectProblem(status, 405, "method_not_allowed", contentType, body, violations);
            return violations;
        }
        var pointer =
                "/paths/" + escape(template.get()) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
        var declared = operation.path("responses").path(Integer.toString(status));
        if (declared.isMissingNode()) {
            violations.add("status " + status + " is not documented for " + method + " " + template.get());
            return violations;
        }
        if (declared.has("$ref")) {
            pointer = declared.get("$ref").asText().substring(1);
            declared = DOCUMENT.at(pointer);
        }
        if (body == null || body.isEmpty()) {
            return violations;
        }
        var mediaType = contentType.split(";")[0].trim();
        var content = declared.path("content");
        if (!content.has(mediaType)) {
            violations.add("media type " + mediaType + " is not documented for " + status + "; documented: "
                    + content.properties().stream().map(Map.Entry::getKey).toList());
            return violations;
        }
        if (!mediaType.endsWith("json")) return violations;
        validate(pointer + "/content/" + escape(mediaType) + "/schema", body, violations);
        return violations;
    }

    private static void expectProblem(
            int status, int expected, String code, String contentType, String body, List<String> violations) {
        if (status != expected) {
            violations.add("an undocumented path or method answered " + status + ", not " + expected);
            return;
        }
        if (!contentType.startsWith("application/problem+json")) {
            violations.add("a " + expected + " must be application/problem+json, was " + contentType);
            return;
        }
        validate("/components/schemas/Problem", body, violations);
        try {
            var parsed = JSON.readTree(body);
            if (!parsed.path("code").asText().equals(code)) violations.add("code is not " + code);
        } catch (IOException e) {
            violations.add("not JSON: " + e.getMessage());
        }
    }

    /** Validates {@code body} against the schema at {@code pointer} in the document. */
    static void validate(String pointer, String body, List<String> violations) {
        var schema = COMPILED.computeIfAbsent(pointer, p -> SCHEMAS.getSchema(SchemaLocation.of(BASE + "#" + p)));
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (IOException e) {
            violations.add("not JSON: " + e.getMessage());
            return;
        }
        for (var error : schema.validate(instance)) violations.add(pointer + ": " + error);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
