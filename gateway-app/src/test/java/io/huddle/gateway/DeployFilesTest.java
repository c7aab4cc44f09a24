package io.huddle.gateway;

import static io.huddle.gateway.DeployFiles.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.runtime.Launcher;
import io.huddle.worker.WorkerConfig;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/ checked against the code, since no Docker engine or cluster runs here: the Dockerfile (stages,
 * base, user, signal, health check, ports), Compose (services, the nginx file the end-to-end test runs,
 * Prometheus targets, grace periods), the Kubernetes base (probes on real paths and ports, grace longer
 * than the drain, non-root, resources, the ConfigMap/Secret split, selectors and port names that resolve),
 * and that every setting any of them sets is one the code reads.
 */
class DeployFilesTest {
    /** The drain's bound (PROTOCOL.md section 9, docs/operations.md "Stopping"): requests get 20 s, exit within 30 s. */
    private static final int DRAIN_SECONDS = (int) Launcher.DRAIN_GRACE.toSeconds() + 10;

    private static final Set<String> NOT_HUDDLE_SETTINGS = Set.of("JAVA_TOOL_OPTIONS");
    private static final Pattern SECRET_NAME =
            Pattern.compile("URL|SECRET|PASSWORD|TOKEN|KEY", Pattern.CASE_INSENSITIVE);

    // --- Dockerfile

    /** Instructions by stage, continuation lines joined. */
    private static Map<String, List<String>> dockerStages() {
        Map<String, List<String>> stages = new LinkedHashMap<>();
        List<String> current = null;
        var joined = DeployFiles.text(DEPLOY.resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
        for (var line : joined.split("\n")) {
            var trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
            var m = Pattern.compile("^FROM\\s+(\\S+)\\s+AS\\s+(\\S+)$", Pattern.CASE_INSENSITIVE)
                    .matcher(trimmed);
            if (m.matches()) {
                current = new ArrayList<>();
                current.add("FROM " + m.group(1));
                stages.put(m.group(2), current);
                continue;
            }
            assertThat(current)
                    .as("an instruction before the first FROM: " + trimmed)
                    .isNotNull();
            current.add(trimmed);
        }
        return stages;
    }

    private static List<String> instructions(List<String> stage, String keyword) {
        return stage.stream().filter(i -> i.startsWith(keyword + " ")).toList();
    }

    @Test
    void the_dockerfile_builds_with_the_wrapper_and_runs_each_deployable_as_a_non_root_user_on_a_jre_25() {
        var stages = dockerStages();
        assertThat(stages).containsKeys("build", "runtime", "gateway", "worker");
        assertThat(stages.get("build").getFirst()).startsWith("FROM eclipse-temurin:25-jdk");
        assertThat(String.join("\n", stages.get("build"))).contains("./mvnw -B -q package -DskipTests");
        var runtime = stages.get("runtime");
        assertThat(runtime.getFirst()).isEqualTo("FROM eclipse-temurin:25-jre");
        assertThat(instructions(runtime, "USER")).singleElement().satisfies(user -> {
            var uid = user.substring(5).split(":")[0];
            assertThat(uid).matches("[0-9]+");
            assertThat(Integer.parseInt(uid)).isPositive();
        });
        assertThat(instructions(runtime, "STOPSIGNAL")).containsExactly("STOPSIGNAL SIGTERM");
        assertThat(String.join("\n", instructions(runtime, "ENV"))).contains("JAVA_TOOL_OPTIONS=");

        for (var app : List.of("gateway", "worker")) {
            var stage = stages.get(app);
            assertThat(stage.getFirst()).isEqualTo("FROM runtime");
            var healthcheck = String.join("", instructions(stage, "HEALTHCHECK"));
            var probe = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/\\S+)").matcher(healthcheck);
            assertThat(probe.find()).as(app + " HEALTHCHECK").isTrue();
            assertThat(probe.group(2)).isEqualTo("/health/live");
            var exposed = String.join(" ", instructions(stage, "EXPOSE"));
            assertThat(exposed).contains(probe.group(1));
            assertThat(String.join(" ", instructions(stage, "ENTRYPOINT"))).contains("/app/huddle-" + app + ".jar");
        }
        var gatewayEnv = String.join(" ", instructions(stages.get("gateway"), "ENV"));
        assertThat(gatewayEnv).contains("PORT=8080", "HUDDLE_MANAGEMENT_PORT=9090");
        assertThat(String.join(" ", instructions(stages.get("worker"), "ENV")))
                .contains("PORT=" + WorkerConfig.DEFAULT_PORT);
        assertThat(String.join("\n", instructions(stages.get("gateway"), "HEALTHCHECK")))
                .contains(":9090/");
    }

    @Test
    void every_setting_the_dockerfile_sets_is_one_the_code_reads() {
        var settings = DeployFiles.settingNames();
        var env = Pattern.compile("\\b([A-Z][A-Z0-9_]+)=")
                .matcher(String.join(
                        " ",
                        dockerStages().values().stream()
                                .flatMap(s -> instructions(s, "ENV").stream())
                                .toList()));
        while (env.find()) {
            if (!NOT_HUDDLE_SETTINGS.contains(env.group(1)))
                assertThat(settings).contains(env.group(1));
        }
    }

    // --- Compose

    @Test
    void compose_runs_the_fleet_behind_the_nginx_file_of_the_end_to_end_test_with_prometheus_on_every_instance() {
        var compose = DeployFiles.yaml(DEPLOY.resolve("compose.yaml"));
        var services = compose.path("services");
        assertThat(iterable(services.fieldNames()))
                .contains("postgres", "redis", "gateway-1", "gateway-2", "worker", "nginx", "prometheus", "grafana");

        // nginx runs the very file LoadBalancerIT runs, and its upstreams are the gateways' public ports.
        assertThat(text(services.path("nginx").path("volumes")))
                .contains("./nginx/huddle.conf:/etc/nginx/conf.d/default.conf");
        assertThat(DEPLOY.resolve("nginx/huddle.conf"))
                .isEqualTo(Nginx.SHARED_CONFIG.toAbsolutePath().normalize());
        var conf = DeployFiles.text(DEPLOY.resolve("nginx/huddle.conf"));
        for (var gateway : List.of("gateway-1", "gateway-2")) {
            var env = services.path(gateway).path("environment");
            assertThat(conf)
                    .contains("server " + gateway + ":" + env.path("PORT").asText() + ";");
            assertThat(services.path(gateway).path("stop_signal").asText()).isEqualTo("SIGTERM");
            assertThat(seconds(services.path(gateway).path("stop_grace_period").asText()))
                    .isGreaterThan(DRAIN_SECONDS);
        }
        assertThat(seconds(services.path("worker").path("stop_grace_period").asText()))
                .isGreaterThan(DRAIN_SECONDS);

        // Prometheus scrapes every gateway on its management port and the worker on its port.
        var prometheus = DeployFiles.yaml(DEPLOY.resolve("prometheus/prometheus.yml"));
        var targets = new TreeSet<String>();
        for (var job : prometheus.path("scrape_configs")) {
            for (var config : job.path("static_configs")) config.path("targets").forEach(t -> targets.add(t.asText()));
        }
        assertThat(targets)
                .containsExactlyInAnyOrder(
                        "gateway-1:"
                                + services.path("gateway-1")
                                        .path("environment")
                                        .path("HUDDLE_MANAGEMENT_PORT")
                                        .asText(),
                        "gateway-2:"
                                + services.path("gateway-2")
                                        .path("environment")
                                        .path("HUDDLE_MANAGEMENT_PORT")
                                        .asText(),
                        "worker:"
                                + services.path("worker")
                                        .path("environment")
                                        .path("PORT")
                                        .asText());
        assertThat(text(services.path("prometheus").path("volumes"))).contains("./prometheus/alerts.yml");
        assertThat(text(services.path("grafana").path("volumes"))).contains("./grafana/huddle.json");
        for (var mounted : List.of(
                "nginx/huddle.conf",
                "prometheus/prometheus.yml",
                "prometheus/alerts.yml",
                "grafana/huddle.json",
                "grafana/provisioning/datasources/prometheus.yml",
                "grafana/provisioning/dashboards/huddle.yml",
                "Dockerfile")) {
            assertThat(Files.exists(DEPLOY.resolve(mounted))).as(mounted).isTrue();
        }
    }

    @Test
    void every_setting_compose_gives_a_huddle_process_is_one_the_code_reads() {
        var settings = DeployFiles.settingNames();
        var compose = DeployFiles.yaml(DEPLOY.resolve("compose.yaml"));
        for (var service : List.of("gateway-1", "gateway-2", "worker")) {
            var names = iterable(
                    compose.path("services").path(service).path("environment").fieldNames());
            assertThat(names).as(service).isNotEmpty();
            assertThat(settings)
                    .as(service)
                    .containsAll(names.stream().filter(n -> !n.equals("<<")).toList());
        }
        assertThat(settings).containsAll(iterable(compose.path("x-huddle-env").fieldNames()));
    }

    // --- Kubernetes

    @Test
    void the_deployments_probe_real_paths_on_their_ports_and_stop_within_their_grace_period() {
        var rendered = DeployFiles.kubernetes();
        var deployments = DeployFiles.ofKind(rendered, "Deployment");
        assertThat(deployments)
                .extracting(d -> d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("huddle-gateway", "huddle-worker");
        var documented = new TreeSet<String>();
        DeployFiles.yaml(DeployFiles.ROOT.resolve("docs/openapi.yaml"))
                .path("paths")
                .fieldNames()
                .forEachRemaining(documented::add);

        for (var deployment : deployments) {
            var pod = deployment.path("spec").path("template").path("spec");
            var name = deployment.path("metadata").path("name").asText();
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean())
                    .as(name)
                    .isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt())
                    .as(name)
                    .isPositive();
            var container = pod.path("containers").get(0);
            assertThat(container.path("image").asText()).matches("huddle-(gateway|worker):.+");
            var ports = new HashMap<String, Integer>();
            container
                    .path("ports")
                    .forEach(p -> ports.put(
                            p.path("name").asText(), p.path("containerPort").asInt()));
            var env = new HashMap<String, String>();
            container
                    .path("env")
                    .forEach(e ->
                            env.put(e.path("name").asText(), e.path("value").asText()));
            assertThat(ports).containsValue(Integer.parseInt(env.get("PORT")));
            if (name.equals("huddle-gateway")) {
                assertThat(ports.get("management")).isEqualTo(Integer.parseInt(env.get("HUDDLE_MANAGEMENT_PORT")));
            }
            assertThat(env).containsKey("HUDDLE_INSTANCE_ID");

            for (var probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                var get = container.path(probe).path("httpGet");
                assertThat(get.path("path").asText()).as(name + " " + probe).isIn(documented);
                assertThat(ports)
                        .as(name + " " + probe)
                        .containsKey(get.path("port").asText());
            }
            assertThat(container
                            .path("livenessProbe")
                            .path("httpGet")
                            .path("path")
                            .asText())
                    .isEqualTo("/health/live");
            assertThat(container
                            .path("readinessProbe")
                            .path("httpGet")
                            .path("path")
                            .asText())
                    .isEqualTo("/health/ready");
            if (name.equals("huddle-gateway")) {
                // Probes on the management port: it closes last, so a drain can be watched.
                assertThat(container
                                .path("readinessProbe")
                                .path("httpGet")
                                .path("port")
                                .asText())
                        .isEqualTo("management");
            }

            var preStop =
                    container.path("lifecycle").path("preStop").path("exec").path("command");
            assertThat(preStop.get(0).asText()).isEqualTo("sleep");
            int grace = pod.path("terminationGracePeriodSeconds").asInt();
            assertThat(grace)
                    .as(name + ": preStop + the drain fit the grace period")
                    .isGreaterThan(preStop.get(1).asInt() + DRAIN_SECONDS);
            assertThat(container
                            .path("resources")
                            .path("requests")
                            .path("memory")
                            .asText())
                    .isNotEmpty();
            assertThat(container.path("resources").path("requests").path("cpu").asText())
                    .isNotEmpty();
            assertThat(container.path("resources").path("limits").path("memory").asText())
                    .isNotEmpty();
        }
    }

    @Test
    void services_budgets_autoscaler_ingress_and_service_monitors_point_at_what_exists() {
        var rendered = DeployFiles.kubernetes();
        Map<String, JsonNode> podLabels = new HashMap<>();
        Map<String, Set<String>> containerPorts = new HashMap<>();
        for (var deployment : DeployFiles.ofKind(rendered, "Deployment")) {
            var name = deployment.path("metadata").path("name").asText();
            podLabels.put(
                    name,
                    deployment.path("spec").path("template").path("metadata").path("labels"));
            var ports = new TreeSet<String>();
            deployment
                    .path("spec")
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .get(0)
                    .path("ports")
                    .forEach(p -> ports.add(p.path("name").asText()));
            containerPorts.put(name, ports);
            // An empty selector would satisfy any check of its labels; the API server refuses it.
            assertThat(deployment
                            .path("spec")
                            .path("selector")
                            .path("matchLabels")
                            .properties())
                    .as(name + "'s selector")
                    .isNotEmpty()
                    .allSatisfy(
                            e -> assertThat(podLabels.get(name).path(e.getKey()).asText())
                                    .isEqualTo(e.getValue().asText()));
        }
        Map<String, Set<String>> servicePorts = new HashMap<>();
        Map<String, JsonNode> serviceLabels = new HashMap<>();
        for (var service : DeployFiles.ofKind(rendered, "Service")) {
            var name = service.path("metadata").path("name").asText();
            var target = selected(podLabels, service.path("spec").path("selector"));
            assertThat(target).as(name + " selects a deployment's pods").isNotNull();
            var ports = new TreeSet<String>();
            for (var port : service.path("spec").path("ports")) {
                assertThat(containerPorts.get(target))
                        .contains(port.path("targetPort").asText());
                ports.add(port.path("name").asText());
            }
            servicePorts.put(name, ports);
            serviceLabels.put(name, service.path("metadata").path("labels"));
        }
        for (var budget : DeployFiles.ofKind(rendered, "PodDisruptionBudget")) {
            assertThat(selected(podLabels, budget.path("spec").path("selector").path("matchLabels")))
                    .isNotNull();
        }
        var hpa = DeployFiles.ofKind(rendered, "HorizontalPodAutoscaler").getFirst();
        assertThat(podLabels)
                .containsKey(
                        hpa.path("spec").path("scaleTargetRef").path("name").asText());
        assertThat(hpa.path("spec")
                        .path("metrics")
                        .get(0)
                        .path("resource")
                        .path("name")
                        .asText())
                .isEqualTo("cpu");

        var ingress = DeployFiles.ofKind(rendered, "Ingress").getFirst();
        var annotations = ingress.path("metadata").path("annotations");
        assertThat(Integer.parseInt(annotations
                        .path("nginx.ingress.kubernetes.io/proxy-read-timeout")
                        .asText()))
                .as("longer than a few heartbeats")
                .isGreaterThanOrEqualTo(60);
        assertThat(annotations
                        .path("nginx.ingress.kubernetes.io/proxy-http-version")
                        .asText())
                .isEqualTo("1.1");
        for (var rule : ingress.path("spec").path("rules")) {
            for (var path : rule.path("http").path("paths")) {
                var backend = path.path("backend").path("service");
                assertThat(servicePorts.get(backend.path("name").asText()))
                        .contains(backend.path("port").path("name").asText());
                assertThat(backend.path("port").path("name").asText())
                        .as("never the management port")
                        .isEqualTo("http");
            }
        }
        var monitors = DeployFiles.ofKind(rendered, "ServiceMonitor");
        assertThat(monitors).hasSize(2);
        for (var monitor : monitors) {
            var selector = monitor.path("spec").path("selector").path("matchLabels");
            var service = serviceLabels.entrySet().stream()
                    .filter(e -> matches(e.getValue(), selector))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow();
            for (var endpoint : monitor.path("spec").path("endpoints")) {
                assertThat(servicePorts.get(service))
                        .contains(endpoint.path("port").asText());
                assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
            }
        }
    }

    @Test
    void the_configmap_and_the_secret_hold_only_settings_the_code_reads_and_no_secret_is_in_the_configmap() {
        var rendered = DeployFiles.kubernetes();
        var settings = DeployFiles.settingNames();
        var config = DeployFiles.ofKind(rendered, "ConfigMap").getFirst().path("data");
        var secret = DeployFiles.ofKind(rendered, "Secret").getFirst().path("stringData");
        var configKeys = iterable(config.fieldNames());
        var secretKeys = iterable(secret.fieldNames());

        assertThat(settings).containsAll(configKeys).containsAll(secretKeys);
        assertThat(configKeys).noneMatch(k -> SECRET_NAME.matcher(k).find());
        assertThat(secretKeys).contains("DATABASE_URL", "REDIS_URL", "HUDDLE_JWT_SECRET");
        for (var value :
                iterable(config.elements()).stream().map(JsonNode::asText).toList()) {
            // No URL with credentials (scheme://user:password@host), no password in any form.
            assertThat(value).doesNotContainPattern("://[^/\\s]*@").doesNotContainIgnoringCase("password");
        }
        for (var deployment : DeployFiles.ofKind(rendered, "Deployment")) {
            var container = deployment
                    .path("spec")
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .get(0);
            container
                    .path("env")
                    .forEach(e -> assertThat(settings).contains(e.path("name").asText()));
            assertThat(text(container.path("envFrom"))).contains("huddle-config", "huddle-secrets");
        }
    }

    @Test
    void kubectl_renders_the_same_objects_when_it_is_installed() throws Exception {
        var kubectl = kubectl();
        var process = new ProcessBuilder(
                        kubectl.toString(),
                        "kustomize",
                        DEPLOY.resolve("kubernetes").toString())
                .redirectErrorStream(true)
                .start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        var file = Files.createTempFile("huddle-kustomize", ".yaml");
        try {
            Files.writeString(file, output);
            var theirs = new TreeSet<String>();
            DeployFiles.documents(file)
                    .forEach(d -> theirs.add(d.path("kind").asText() + "/"
                            + d.path("metadata").path("name").asText()));
            var ours = new TreeSet<String>();
            DeployFiles.kubernetes()
                    .forEach(d -> ours.add(d.path("kind").asText() + "/"
                            + d.path("metadata").path("name").asText()));
            assertThat(theirs).isEqualTo(ours);
        } finally {
            Files.delete(file);
        }
    }

    // --- helpers

    /**
     * kubectl on the PATH, or in /usr/bin or /usr/local/bin. Kustomize is not on Maven Central, so the build
     * cannot bring it, and a machine with a JDK alone must pass every test: without kubectl this one is reported
     * skipped, saying why, never passed having compared nothing. The other tests check the files without it.
     */
    private static java.nio.file.Path kubectl() {
        var dirs = new ArrayList<String>(
                List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/bin", "/usr/local/bin"));
        return dirs.stream()
                .filter(dir -> !dir.isBlank())
                .map(dir -> java.nio.file.Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new org.opentest4j.TestAbortedException("kubectl is not installed (looked on the"
                        + " PATH, in /usr/bin and /usr/local/bin): kubectl kustomize's rendering of deploy/kubernetes"
                        + " is not compared with this test's"));
    }

    private static String selected(Map<String, JsonNode> podLabels, JsonNode selector) {
        return podLabels.entrySet().stream()
                .filter(e -> matches(e.getValue(), selector))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private static boolean matches(JsonNode labels, JsonNode selector) {
        if (selector.isEmpty()) return false;
        return selector.properties().stream()
                .allMatch(e ->
                        labels.path(e.getKey()).asText().equals(e.getValue().asText()));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }

    private static String text(JsonNode node) {
        return node.toString();
    }

    /** Compose durations: {@code 40s}, {@code 1m}. */
    private static int seconds(String duration) {
        if (duration.endsWith("m")) return Integer.parseInt(duration.substring(0, duration.length() - 1)) * 60;
        if (duration.endsWith("s")) return Integer.parseInt(duration.substring(0, duration.length() - 1));
        throw new IllegalArgumentException(duration);
    }
}
