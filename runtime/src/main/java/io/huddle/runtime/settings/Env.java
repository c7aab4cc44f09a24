package io.huddle.runtime.settings;

import io.huddle.domain.limit.Limit;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed, validated reads of environment variables; blank counts as unset. */
public final class Env {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)?");
    private static final Pattern LIMIT = Pattern.compile("(\\d{1,9})/(.+)");

    private final Map<String, String> variables;

    public Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    public boolean isSet(String name) {
        return text(name).isPresent();
    }

    public int integer(String name, int fallback, int min, int max) {
        return text(name).map(v -> parseInt(name, v, min, max)).orElse(fallback);
    }

    public Optional<Integer> integer(String name, int min, int max) {
        return text(name).map(v -> parseInt(name, v, min, max));
    }

    public Duration duration(String name, Duration fallback) {
        return text(name).map(v -> parseDuration(name, v)).orElse(fallback);
    }

    /**
     * {@link #duration} from {@code min} to {@code max}: a value the gateway cannot work with (a timeout of 0,
     * which a client library reads as "wait for ever"; a span past what a date or a timestamp holds) is refused
     * at start, by name, rather than misbehaving later.
     */
    public Duration duration(String name, Duration fallback, Duration min, Duration max) {
        var value = duration(name, fallback);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new SettingException(
                    name, "must be from " + MaintenanceSettings.text(min) + " to " + MaintenanceSettings.text(max));
        }
        return value;
    }

    /** The longest rate-limit window: a year; a longer one overflowed the limit's arithmetic. */
    static final Duration LONGEST_WINDOW = Duration.ofDays(365);

    /** {@code COUNT/WINDOW} ({@code 10/60s}, {@code 100/15m}); {@code off} is empty. */
    public Optional<Limit> limit(String name, Limit fallback) {
        var raw = text(name);
        if (raw.isEmpty()) return Optional.of(fallback);
        if (raw.get().equalsIgnoreCase("off")) return Optional.empty();
        Matcher m = LIMIT.matcher(raw.get());
        String accepts = "is not a limit; use COUNT/WINDOW, e.g. 10/60s or 100/15m, or off";
        if (!m.matches()) throw SettingException.of(name, raw.get(), false, accepts);
        var window = tryDuration(m.group(2));
        long count = Long.parseLong(m.group(1));
        if (window.isEmpty() || window.get().isZero() || count < 1) {
            throw SettingException.of(name, raw.get(), false, accepts);
        }
        if (window.get().compareTo(LONGEST_WINDOW) > 0) {
            throw SettingException.of(name, raw.get(), false, "has a window longer than 365d");
        }
        return Optional.of(new Limit((int) count, window.get()));
    }

    public <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        var raw = text(name);
        if (raw.isEmpty()) return fallback;
        try {
            return Enum.valueOf(type, raw.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            var names = Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT))
                    .toList();
            throw SettingException.of(name, raw.get(), false, "is not one of " + String.join(", ", names));
        }
    }

    /** Comma-separated, blanks dropped. */
    public List<String> list(String name) {
        return text(name)
                .map(v -> Arrays.stream(v.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    /** {@code raw} as a duration ({@code 90s}, {@code 1h}, {@code 7d}, or milliseconds); a {@link SettingException} naming {@code name} otherwise. */
    public static Duration durationOf(String name, String raw) {
        return parseDuration(name, raw);
    }

    static Optional<Duration> tryDuration(String raw) {
        Matcher m = DURATION.matcher(raw.strip());
        if (!m.matches()) return Optional.empty();
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return Optional.of(
                switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
    }

    private static Duration parseDuration(String name, String raw) {
        return tryDuration(raw)
                .orElseThrow(
                        () -> SettingException.of(name, raw, false, "is not a duration; use e.g. 15m, 60s, 500ms"));
    }

    private static int parseInt(String name, String raw, int min, int max) {
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw SettingException.of(name, raw, false, "is not a whole number from " + min + " to " + max);
    }
}
