package io.huddle.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts by code (errors, close codes, unexpected events), as the harness's {@code Counter}. Thread-safe. */
final class Counter {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String code) {
        add(code, 1);
    }

    void add(String code, long n) {
        if (n == 0) return;
        String key = code == null ? "unknown" : code.length() > 80 ? code.substring(0, 80) : code;
        counts.computeIfAbsent(key, k -> new LongAdder()).add(n);
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    void clear() {
        counts.clear();
    }

    /** Codes in alphabetical order, so two runs print alike. */
    ObjectNode json() {
        var node = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(counts).forEach((code, n) -> node.put(code, n.sum()));
        return node;
    }
}
