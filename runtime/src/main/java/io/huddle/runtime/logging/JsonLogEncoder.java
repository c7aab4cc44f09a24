package io.huddle.runtime.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One JSON object per line: {@code timestamp} (ISO-8601 UTC, milliseconds), {@code level}, {@code logger},
 * {@code message}, {@code correlationId} (when known), {@code instance}, every key-value pair and MDC entry
 * as its own field, and {@code exception} (class and stack). Secrets are redacted here; JSON escaping keeps
 * CR/LF in any value from starting a forged line.
 */
public final class JsonLogEncoder extends LineEncoder {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] RESERVED = {
        "timestamp", "level", "logger", "message", LogEvents.CORRELATION_ID, "instance", "exception"
    };

    @Override
    public byte[] encode(ILoggingEvent event) {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("timestamp", LogEvents.timestamp(event));
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("message", Redactor.redact(event.getFormattedMessage()));
            String correlationId = LogEvents.correlationId(event);
            if (correlationId != null) json.writeStringField(LogEvents.CORRELATION_ID, correlationId);
            if (!instance().isEmpty()) json.writeStringField("instance", instance());
            for (Map.Entry<String, Object> field : LogEvents.fields(event).entrySet()) {
                if (isReserved(field.getKey())) continue;
                json.writeFieldName(field.getKey());
                writeValue(json, field.getValue());
            }
            if (event.getThrowableProxy() != null) {
                json.writeStringField(
                        "exception", Redactor.redact(ThrowableProxyUtil.asString(event.getThrowableProxy())));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case Integer i -> json.writeNumber(i);
            case Long l -> json.writeNumber(l);
            case Double d when Double.isFinite(d) -> json.writeNumber(d);
            case Float f when Float.isFinite(f) -> json.writeNumber(f);
            case Boolean b -> json.writeBoolean(b);
            default -> json.writeString(String.valueOf(value));
        }
    }

    private static boolean isReserved(String key) {
        for (String reserved : RESERVED) {
            if (reserved.equals(key)) return true;
        }
        return false;
    }
}
