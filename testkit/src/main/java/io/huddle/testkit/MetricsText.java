package io.huddle.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A {@code /metrics} answer (Prometheus text format 0.0.4) read into samples, for tests that drive a
 * metric and check it moved: {@code value("huddle_ws_closed_total", "code", "4009")}. Labels not named
 * are ignored ({@code application}); several samples matching are summed.
 */
public final class MetricsText {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private MetricsText(List<Sample> samples) {
        this.samples = samples;
    }

    public static MetricsText parse(String text) {
        var samples = new ArrayList<Sample>();
        for (var line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            var m = SAMPLE.matcher(line);
            if (!m.find()) throw new IllegalArgumentException("not a sample line: " + line);
            var labels = new LinkedHashMap<String, String>();
            if (m.group(3) != null) {
                var l = LABEL.matcher(m.group(3));
                while (l.find()) labels.put(l.group(1), l.group(2));
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new MetricsText(List.copyOf(samples));
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Every series name present (histograms as their {@code _bucket}, {@code _count}, … series). */
    public Set<String> names() {
        var names = new TreeSet<String>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** Whether a sample of {@code name} with these labels (pairs: name, value, …) exists. */
    public boolean has(String name, String... labels) {
        return samples.stream().anyMatch(s -> matches(s, name, labels));
    }

    /** The sum of the samples of {@code name} with these labels (pairs); 0 when there is none. */
    public double value(String name, String... labels) {
        return samples.stream()
                .filter(s -> matches(s, name, labels))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** Every value a label takes on the samples of {@code name}. */
    public Set<String> labelValues(String name, String label) {
        var values = new TreeSet<String>();
        for (var s : samples) {
            if (s.name().equals(name) && s.labels().containsKey(label))
                values.add(s.labels().get(label));
        }
        return values;
    }

    private static boolean matches(Sample sample, String name, String... labels) {
        if (!sample.name().equals(name)) return false;
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) return false;
        }
        return true;
    }
}
