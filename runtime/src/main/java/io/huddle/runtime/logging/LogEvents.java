package io.huddle.runtime.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/** What both encoders take from an event: its time, and its own fields (key-value pairs, then MDC), redacted. */
final class LogEvents {
    static final String CORRELATION_ID = "correlationId";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private LogEvents() {}

    static String timestamp(ILoggingEvent event) {
        return TIMESTAMP.format(event.getInstant());
    }

    /** The event's fields in a stable order; the first writer of a key wins, so MDC cannot mask a pair. */
    static Map<String, Object> fields(ILoggingEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        var pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                if (pair.key != null) fields.putIfAbsent(pair.key, Redactor.value(pair.key, pair.value));
            }
        }
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            mdc.forEach((key, value) -> {
                if (!key.equals(CORRELATION_ID)) fields.putIfAbsent(key, Redactor.value(key, value));
            });
        }
        fields.remove(CORRELATION_ID);
        return fields;
    }

    static String correlationId(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        String id = mdc == null ? null : mdc.get(CORRELATION_ID);
        if (id == null && event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                if (CORRELATION_ID.equals(pair.key) && pair.value != null) id = String.valueOf(pair.value);
            }
        }
        return id == null ? null : Redactor.redact(id);
    }
}
