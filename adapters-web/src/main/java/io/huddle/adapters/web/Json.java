package io.huddle.adapters.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.huddle.domain.text.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The one JSON configuration of the edge, used for request bodies, {@code ctx.json(...)}, problem bodies
 * and WebSocket frames. Readers enforce the protocol's parser limits; writers print instants as
 * ISO-8601 UTC with milliseconds. Readers and writers are immutable and safe to share.
 */
public final class Json {
    /** PROTOCOL.md section 2: deeper nesting is {@code invalid_request}. */
    public static final int MAX_NESTING_DEPTH = 64;

    // No legitimate field is near these; they bound the parser's work on hostile input.
    static final int MAX_STRING_LENGTH = 1024 * 1024;
    static final int MAX_NUMBER_LENGTH = 100;
    static final int MAX_NAME_LENGTH = 1024;

    private static final DateTimeFormatter INSTANT_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper MAPPER = build();

    private Json() {}

    public static ObjectReader reader() {
        return MAPPER.reader();
    }

    public static ObjectWriter writer() {
        return MAPPER.writer();
    }

    /** The instance handed to Javalin; package-private so nobody reconfigures it at run time. */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper build() {
        var constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .build();
        var factory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                // {"name":"a","name":"b"} is malformed, not "b": a proxy or validator in front that reads the
                // first would see another request than the gateway, and data would lose a member silently.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        var module = new SimpleModule("huddle-json").addSerializer(Instant.class, new InstantSerializer());
        return JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // section 4: unknown fields are ignored
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Opaque JSON (message and state data) is stored as the mapper writes it back: with doubles,
                // 1e400 would become the string "Infinity" and long fractions would lose digits.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(module)
                .build();
    }

    private static final class InstantSerializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(isoMillis(value));
        }
    }

    /**
     * {@code value} as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, as {@link #INSTANT_FORMAT} prints it. Written by hand
     * for the years 1 to 9999, the formatter for the rest: a welcome prints two instants per member, and the
     * formatter's field-by-field printing was a visible share of a join's CPU.
     */
    public static String isoMillis(Instant value) {
        long millis = value.toEpochMilli();
        long day = Math.floorDiv(millis, 86_400_000L);
        int ofDay = (int) Math.floorMod(millis, 86_400_000L);
        var date = LocalDate.ofEpochDay(day);
        int year = date.getYear();
        if (year < 1 || year > 9999) return INSTANT_FORMAT.format(value); // yyyy is the year of era
        byte[] out = new byte[24];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, ofDay / 3_600_000, 2);
        out[13] = ':';
        digits(out, 14, ofDay / 60_000 % 60, 2);
        out[16] = ':';
        digits(out, 17, ofDay / 1_000 % 60, 2);
        out[19] = '.';
        digits(out, 20, ofDay % 1_000, 3);
        out[23] = 'Z';
        return new String(out, StandardCharsets.US_ASCII);
    }

    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * What makes an opaque JSON value ({@code data}) unstorable as sent, if anything: a number beyond the range
     * of a double (such as {@code 1e999999}: every JavaScript client would read it as {@code Infinity}, which
     * it writes back as {@code null}), or text with an unpaired surrogate (not a character; UTF-8 would store
     * it as {@code ?}), in a value or a field name.
     */
    public static Optional<String> unstorable(JsonNode value) {
        if (value.isNumber() && !Double.isFinite(value.doubleValue())) {
            return Optional.of("must not hold a number beyond the range of a 64-bit float");
        }
        if (value.isTextual() && Text.hasUnpairedSurrogate(value.textValue())) {
            return Optional.of("must be valid Unicode (it holds an unpaired surrogate)");
        }
        if (value.isObject()) {
            var fields = value.properties().iterator();
            while (fields.hasNext()) {
                var field = fields.next();
                if (Text.hasUnpairedSurrogate(field.getKey())) {
                    return Optional.of("must be valid Unicode (it holds an unpaired surrogate)");
                }
                var inner = unstorable(field.getValue());
                if (inner.isPresent()) return inner;
            }
        }
        if (value.isArray()) {
            for (var element : value) {
                var inner = unstorable(element);
                if (inner.isPresent()) return inner;
            }
        }
        return Optional.empty();
    }
}
