package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import io.huddle.testkit.MetricsText;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every query of deploy/grafana/huddle.json and every alert of deploy/prometheus/alerts.yml reads metrics
 * that exist: the names are looked up in what a connected gateway (stores, pub/sub, breaker, pool) and an
 * embedded one (which runs the worker's jobs) serve at {@code /metrics}.
 */
class DashboardMetricsIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    /** Prometheus's own series, not the gateway's. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    @Test
    void every_dashboard_query_and_alert_reads_a_metric_the_gateway_or_the_worker_serves() {
        var served = new TreeSet<String>();
        var env = new HashMap<String, String>();
        env.put("PORT", "0");
        env.put("REDIS_URL", redis.url().toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", redis.prefix());
        env.put(
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.put("HUDDLE_AUTH_MODE", "open");
        env.put("HUDDLE_INSTANCE_ID", "dashboard-" + UUID.randomUUID());
        env.put("LOG_LEVEL", "WARN");
        try (var connected = Gateway.start(GatewayConfig.from(new Env(env)), InstantSource.system());
                var embedded = Gateway.start(
                        GatewayConfig.from(new Env(Map.of("PORT", "0", "LOG_LEVEL", "WARN"))),
                        InstantSource.system())) {
            for (var gateway : java.util.List.of(connected, embedded)) {
                send(gateway, "POST", "/api/sessions", null, "{}");
                send(gateway, "GET", "/health", null, null);
            }
            // GC pauses are timed as they happen: make one happen.
            System.gc();
            Poll.until(
                    Duration.ofSeconds(10),
                    "a GC pause is on /metrics",
                    () -> names(connected).contains("jvm_gc_pause_seconds_sum"));
            // The embedded gateway runs the worker's jobs; their series are bound when it starts.
            served.addAll(names(connected));
            served.addAll(names(embedded));
        }

        var missing = new TreeSet<String>();
        for (var query : DeployFiles.dashboardQueries()) missing.addAll(DeployFiles.metricNames(query));
        for (var alert : DeployFiles.alertExpressions()) missing.addAll(DeployFiles.metricNames(alert));
        assertThat(missing).as("the files read some metric at all").contains("huddle_ws_connections");
        missing.removeAll(served);
        missing.removeAll(PROMETHEUS_OWN);

        assertThat(missing)
                .as("metrics the dashboard or the alerts read that /metrics does not serve")
                .isEmpty();
        assertThat(DeployFiles.dashboardQueries()).hasSizeGreaterThan(20);
    }

    private static Set<String> names(Service gateway) {
        var response = send(gateway, "GET", "/metrics", null, null);
        return MetricsText.parse(response.body()).names();
    }
}
