package io.huddle.domain.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects every violation of a request, so a client learns all that is wrong at once. */
public final class Violations {
    private final List<Violation> found = new ArrayList<>();

    public Violations add(String field, String message) {
        found.add(new Violation(field, message));
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Violation> list() {
        return List.copyOf(found);
    }

    /**
     * Checks a text field: trimmed, {@code min..max} code points, valid Unicode, no control characters
     * (but {@code \n} and {@code \t} where {@code multiline}). Returns the trimmed text, or empty when
     * the value broke a rule (the violation is recorded).
     */
    public Optional<String> text(String field, String raw, int min, int max, boolean multiline) {
        String value = Text.trim(raw);
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            add(field, "must be " + min + " to " + max + " characters");
            return Optional.empty();
        }
        if (Text.hasControlCharacters(value, multiline)) {
            add(field, "must not contain control characters");
            return Optional.empty();
        }
        if (Text.hasUnpairedSurrogate(value)) {
            add(field, "must be valid Unicode (it holds an unpaired surrogate)");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** Checks a whole number lies in {@code min..max}. */
    public long range(String field, long value, long min, long max) {
        if (value < min || value > max) add(field, "must be between " + min + " and " + max);
        return value;
    }
}
