package io.huddle.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huddle.adapters.postgres.PostgresAdapters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Loads {@code --sessions} × {@code --messages} messages (default 1000 × 1000 = 1M) into a fresh schema
 * migrated by the real migrations (so with every index maintained during the load, as in production),
 * ANALYZEs, then runs {@code EXPLAIN (ANALYZE, FORMAT JSON)} on the message log's own statements (the
 * SQL files of adapters-postgres, read from the class path) and checks that each reads messages
 * through an index, never a Seq Scan, and finds its session by an index condition, never a filter
 * over all sessions. Prints every plan's shape and exits 1 when one fails.
 *
 * <pre>bench/run.sh PlanCheck --sessions 1000 --messages 1000</pre>
 */
public final class PlanCheck {
    private static final String SQL = "/io/huddle/adapters/postgres/messages/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanCheck() {}

    /** One statement of the log with the values to plan it for. */
    private record Probe(String name, String file, Map<String, Object> binds) {}

    public static void main(String[] args) throws Exception {
        var options = BenchEnvironment.options(args);
        int sessions = Integer.parseInt(options.getOrDefault("sessions", "1000"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "1000"));
        var environment = BenchEnvironment.fresh(Map.of());
        System.out.println("machine: " + BenchEnvironment.machine());
        boolean ok;
        try {
            var postgres = environment.settings().postgres().orElseThrow();
            try (var adapters = PostgresAdapters.connect(postgres, new SimpleMeterRegistry())) {
                if (!adapters.migrated()) throw new IllegalStateException("schema not migrated");
            }
            var jdbi = Jdbi.create(
                    postgres.jdbcUrl() + (postgres.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema="
                            + environment.schema(),
                    postgres.user(),
                    postgres.password());
            ok = jdbi.withHandle(h -> {
                load(h, sessions, messages);
                return check(h, sessions, messages);
            });
        } finally {
            environment.cleanUp();
        }
        System.out.println(ok ? "PLANS OK" : "PLANS FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static void load(Handle h, int sessions, int messages) {
        long started = System.nanoTime();
        h.createUpdate("INSERT INTO sessions (code, owner_id, name, max_members, created_at, expires_at,"
                        + " last_activity_at, last_seq)"
                        + " SELECT 'S' || lpad(g::text, 8, '0'), 'owner-' || (g % 50), 'bench', 100, now(),"
                        + " now() + interval '1 day', now(), :messages FROM generate_series(1, :sessions) g")
                .bind("sessions", sessions)
                .bind("messages", (long) messages)
                .execute();
        // Content: a sequence number, one of seven common words and 32 hex characters, so common words
        // match a seventh of a session and a hex fragment almost nothing; every tenth message has a client id.
        int rows = h.createUpdate("INSERT INTO messages (session_id, seq, id, sender_id, sender_name, kind, content,"
                        + " client_msg_id, sent_at)"
                        + " SELECT s.id, g, 'msg_' || s.id || '_' || g, 'm_sender' || (g % 7), 'Sender', 'text',"
                        + " 'message ' || g || ' about '"
                        + " || (ARRAY['apples','bananas','cherries','dates','elderberries','figs','grapes'])[1 + (g * s.id) % 7]"
                        + " || ' ' || md5(g::text || '/' || s.id::text),"
                        + " CASE WHEN g % 10 = 0 THEN 'c-' || g END,"
                        + " now() - (:messages - g) * interval '1 second'"
                        + " FROM sessions s, generate_series(1, :messages) g")
                .bind("messages", messages)
                .execute();
        h.execute("ANALYZE sessions");
        h.execute("ANALYZE messages");
        System.out.printf(
                "loaded %d messages in %d sessions in %.1f s (indexes maintained), then ANALYZE%n",
                rows, sessions, (System.nanoTime() - started) / 1e9);
    }

    private static boolean check(Handle h, int sessions, int messages) {
        String code = "S" + String.format("%08d", (sessions + 1) / 2);
        long middle = messages / 2;
        String rare = h.createQuery("SELECT substr(md5(:g || '/' || id), 5, 8) FROM sessions WHERE code = :code")
                .bind("g", Long.toString(middle))
                .bind("code", code)
                .mapTo(String.class)
                .one();
        var probes = List.of(
                new Probe("latest", "page-latest", Map.of("code", code, "limit", 51)),
                new Probe("before", "page-before", Map.of("code", code, "seq", middle, "limit", 51)),
                new Probe("after", "page-after", Map.of("code", code, "seq", middle, "limit", 51)),
                new Probe("search, rare text", "search-indexed", searchBinds(h, code, 0, middle, "%" + rare + "%")),
                new Probe(
                        "search, common word",
                        "search-walk",
                        searchBinds(h, code, messages - 10_000L, Long.MAX_VALUE, "%cherries%")),
                new Probe("search, two characters", "search-walk", searchBinds(h, code, 0, messages, "%ab%")),
                new Probe("stats, the log's bounds", "log-bounds", Map.of("code", code)),
                new Probe(
                        "stats, messages since the last tally",
                        "stats-senders",
                        Map.of("sessionId", sessionId(h, code), "after", messages - 100L, "through", (long) messages)),
                new Probe("span", "span", Map.of("code", code)),
                new Probe(
                        "client id look-up",
                        "find-by-client-id",
                        Map.of(
                                "sessionId", sessionId(h, code),
                                "senderId", "m_sender" + (middle % 7),
                                "clientMsgId", "c-" + (middle - middle % 10))));
        boolean ok = true;
        for (var probe : probes) ok &= check(h, probe);
        return ok;
    }

    /** The binds of one step of a search (PostgresMessageLog#search): seqs in (after, through]. */
    private static Map<String, Object> searchBinds(Handle h, String code, long after, long through, String pattern) {
        return Map.of(
                "sessionId", sessionId(h, code), "after", after, "through", through, "pattern", pattern, "limit", 20);
    }

    private static long sessionId(Handle h, String code) {
        return h.createQuery("SELECT id FROM sessions WHERE code = :code")
                .bind("code", code)
                .mapTo(Long.class)
                .one();
    }

    private static boolean check(Handle h, Probe probe) {
        var query = h.createQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql(probe.file()));
        probe.binds().forEach(query::bind);
        JsonNode plan;
        try {
            plan = JSON.readTree(query.mapTo(String.class).one()).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var nodes = new ArrayList<JsonNode>();
        collect(plan.get("Plan"), nodes);
        var onMessages = nodes.stream()
                .filter(n -> "messages".equals(text(n, "Relation Name"))
                        || text(n, "Index Name").startsWith("messages_"))
                .toList();
        boolean seqScan = onMessages.stream().anyMatch(n -> "Seq Scan".equals(text(n, "Node Type")));
        boolean indexed = onMessages.stream().anyMatch(n -> text(n, "Node Type").contains("Index"));
        boolean messagesRead = !probe.file().equals("span");
        // The session is found by its code through an index condition, never by filtering every session.
        boolean sessionsByIndex = nodes.stream()
                .filter(n -> "sessions".equals(text(n, "Relation Name")))
                .allMatch(n -> n.has("Index Cond") && !n.has("Filter"));
        boolean ok = !seqScan && (indexed || !messagesRead) && sessionsByIndex;
        System.out.printf(
                "%-24s %-6s %7.3f ms  %s%n",
                probe.name(),
                ok ? "ok" : "FAILED",
                plan.get("Execution Time").asDouble(),
                nodes.stream().map(PlanCheck::describe).collect(Collectors.joining(" > ")));
        return ok;
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        var children = node.get("Plans");
        if (children != null) children.forEach(child -> collect(child, into));
    }

    private static String describe(JsonNode node) {
        var parts = new LinkedHashMap<String, String>();
        parts.put("type", text(node, "Node Type"));
        if (!text(node, "Scan Direction").isEmpty() && !"Forward".equals(text(node, "Scan Direction"))) {
            parts.put("direction", text(node, "Scan Direction"));
        }
        var described = new StringBuilder(parts.values().stream().collect(Collectors.joining(" ")));
        if (!text(node, "Index Name").isEmpty()) described.append(" using ").append(text(node, "Index Name"));
        if (!text(node, "Relation Name").isEmpty()) described.append(" on ").append(text(node, "Relation Name"));
        return described.toString();
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value == null ? "" : value.asText();
    }

    /** The statement in adapters-postgres's resource file, without its comment lines (as the adapter sends it). */
    private static String sql(String file) {
        try (var in = PlanCheck.class.getResourceAsStream(SQL + file + ".sql")) {
            if (in == null) throw new IllegalStateException("missing " + SQL + file + ".sql");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.stripLeading().startsWith("--"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
