package io.huddle.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's deploy/ files as the tests read them: YAML documents as trees, the Kustomize base
 * rendered (its resources, with its image tags), PromQL metric names, and the setting names the code reads.
 */
final class DeployFiles {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SETTING = Pattern.compile("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|PORT|HOST)\"");
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:huddle|jvm|process|system|hikaricp|redis|resilience4j|http_server)_[a-zA-Z0-9_]+)\\b");

    private DeployFiles() {}

    static String text(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(Path path) {
        try {
            return YAML.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document YAML file. */
    static List<JsonNode> documents(Path path) {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(path.toFile())) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                var document = it.next();
                if (document != null && !document.isNull() && !document.isEmpty()) documents.add(document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /**
     * deploy/kubernetes rendered as Kustomize renders this base: its resources' documents, with each
     * container image given its {@code newTag}. (The base uses nothing else of Kustomize but labels, which
     * change no check here.)
     */
    static List<JsonNode> kubernetes() {
        var dir = DEPLOY.resolve("kubernetes");
        var kustomization = yaml(dir.resolve("kustomization.yaml"));
        List<JsonNode> rendered = new ArrayList<>();
        for (var resource : kustomization.path("resources")) rendered.addAll(documents(dir.resolve(resource.asText())));
        for (var document : rendered) {
            for (var container :
                    document.path("spec").path("template").path("spec").path("containers")) {
                for (var image : kustomization.path("images")) {
                    if (container
                            .path("image")
                            .asText()
                            .equals(image.path("name").asText())) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) container)
                                .put(
                                        "image",
                                        image.path("name").asText() + ":"
                                                + image.path("newTag").asText());
                    }
                }
            }
        }
        return rendered;
    }

    static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
        return documents.stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .toList();
    }

    /** Every setting name the code reads: upper-case string literals in the main sources of every module. */
    static Set<String> settingNames() {
        var names = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/node_modules/"))
                    .forEach(p -> {
                        var m = SETTING.matcher(text(p));
                        while (m.find()) names.add(m.group(1));
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** The metric names a PromQL expression reads. */
    static Set<String> metricNames(String promql) {
        var names = new TreeSet<String>();
        var m = METRIC.matcher(promql);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /** Every query of deploy/grafana/huddle.json, panel by panel. */
    static List<String> dashboardQueries() {
        try {
            var dashboard = new ObjectMapper()
                    .readTree(DEPLOY.resolve("grafana/huddle.json").toFile());
            List<String> queries = new ArrayList<>();
            for (var panel : dashboard.path("panels")) {
                for (var target : panel.path("targets"))
                    queries.add(target.path("expr").asText());
            }
            return queries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every alert expression of deploy/prometheus/alerts.yml. */
    static List<String> alertExpressions() {
        List<String> expressions = new ArrayList<>();
        for (var group : yaml(DEPLOY.resolve("prometheus/alerts.yml")).path("groups")) {
            for (var rule : group.path("rules"))
                expressions.add(rule.path("expr").asText());
        }
        return expressions;
    }
}
