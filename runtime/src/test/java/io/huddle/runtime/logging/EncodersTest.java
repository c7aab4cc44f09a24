package io.huddle.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodersTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    final Logger logger = context.getLogger("huddle.test");

    @Test
    void json_lines_carry_the_protocol_fields_and_the_events_own_fields() throws Exception {
        var event = event(Level.INFO, "session {} created", null, "K7M2QX");
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("members", 3));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("owner", "user-1"));
        event.setMDCPropertyMap(Map.of("correlationId", "corr-1", "route", "/api/sessions"));

        JsonNode line = json(event);

        assertThat(line.get("timestamp").asText()).isEqualTo("2026-11-21T10:30:45.123Z");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo("huddle.test");
        assertThat(line.get("message").asText()).isEqualTo("session K7M2QX created");
        assertThat(line.get("correlationId").asText()).isEqualTo("corr-1");
        assertThat(line.get("instance").asText()).isEqualTo("gw-1");
        assertThat(line.get("members").asInt()).isEqualTo(3);
        assertThat(line.get("owner").asText()).isEqualTo("user-1");
        assertThat(line.get("route").asText()).isEqualTo("/api/sessions");
        assertThat(line.has("exception")).isFalse();
    }

    @Test
    void json_lines_carry_the_exception_with_its_stack_and_redacted_message() throws Exception {
        var failure = new IllegalStateException("cannot reach postgresql://huddle:s3cr3t@db/huddle");
        JsonNode line = json(event(Level.ERROR, "failed", failure));
        assertThat(line.get("exception").asText())
                .contains("java.lang.IllegalStateException")
                .contains("at io.huddle.runtime.logging.EncodersTest")
                .doesNotContain("s3cr3t");
    }

    @Test
    void a_field_cannot_overwrite_the_protocol_fields() throws Exception {
        var event = event(Level.INFO, "real message", null);
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("level", "ERROR"));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("message", "forged"));
        JsonNode line = json(event);
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("message").asText()).isEqualTo("real message");
    }

    @Test
    void cr_and_lf_in_a_message_or_field_cannot_forge_a_json_line() throws Exception {
        String forged = "innocent\r\n{\"level\":\"ERROR\",\"message\":\"forged\"}\n";
        var event = event(Level.INFO, "user said {}", null, forged);
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("displayName", forged));
        String out = encodeJson(event);
        assertThat(out.split("\n", -1)).containsExactly(out.substring(0, out.length() - 1), "");
        JsonNode line = JSON.readTree(out);
        assertThat(line.get("message").asText()).isEqualTo("user said " + forged);
        assertThat(line.get("displayName").asText()).isEqualTo(forged);
    }

    @Test
    void cr_and_lf_in_a_message_or_field_cannot_forge_a_text_line() {
        String forged = "innocent\r\n2026-11-21T10:30:45.123Z ERROR huddle.http - forged";
        var event = event(Level.INFO, "user said {}", null, forged);
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("displayName", forged + "\u2028\u0007"));
        String out = encodeText(event);
        assertThat(out.split("\n", -1)).hasSize(2);
        assertThat(out).contains("user said innocent\\r\\n2026").contains("\\u2028\\u0007");
    }

    @Test
    void text_lines_are_readable_with_fields_and_an_indented_stack() {
        var event = event(Level.WARN, "slow query", new RuntimeException("token=abc123\nsecond line"));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("durationMs", 1200));
        event.setMDCPropertyMap(Map.of("correlationId", "corr-9"));
        String out = encodeText(event);
        String[] lines = out.split("\n");
        assertThat(lines[0])
                .isEqualTo("2026-11-21T10:30:45.123Z WARN  huddle.test - slow query correlationId=corr-9 "
                        + "durationMs=1200 instance=gw-1");
        assertThat(lines[1]).startsWith("  java.lang.RuntimeException: token=[REDACTED]\\nsecond line");
        assertThat(java.util.Arrays.asList(lines).subList(1, lines.length)).allMatch(l -> l.startsWith("  "));
        assertThat(out).doesNotContain("abc123");
    }

    private LoggingEvent event(Level level, String message, Throwable failure, Object... args) {
        var event = new LoggingEvent("test", logger, level, message, failure, args);
        event.setInstant(Instant.parse("2026-11-21T10:30:45.123456Z"));
        return event;
    }

    private String encodeJson(LoggingEvent event) {
        var encoder = new JsonLogEncoder();
        encoder.setInstance("gw-1");
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    private String encodeText(LoggingEvent event) {
        var encoder = new TextLogEncoder();
        encoder.setInstance("gw-1");
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    private JsonNode json(LoggingEvent event) throws Exception {
        String out = encodeJson(event);
        assertThat(out).endsWith("\n").doesNotContain("\r");
        assertThat(out.indexOf('\n')).isEqualTo(out.length() - 1);
        return JSON.readTree(out);
    }
}
