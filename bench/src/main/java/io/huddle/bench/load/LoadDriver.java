package io.huddle.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Load on a running Huddle deployment, as the shared side-by-side harness puts it on one: the fan-out,
 * idle and join scenarios over the real protocol, with the harness's figures printed in its
 * one-line-per-scenario shape. {@code bench/run.sh LoadDriver --help} explains the options.
 */
public final class LoadDriver {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String HELP = """
            usage: bench/run.sh LoadDriver --urls URL[,URL...] --scenario fanout[,idle,join] [options]

            Puts load on a running Huddle deployment over its real protocol (HTTP and WebSocket, PROTOCOL.md
            sections 4 and 5) and prints the shared harness's figures (shared/bench/loadgen), one or two lines
            per scenario in the shape of its summarize.js, so the two tools' outputs can be read side by side.
            Creating sessions needs one of: gateways in HUDDLE_AUTH_MODE=open (no credential), --jwt-secret (an
            HS256 user token signed with the gateways' HUDDLE_JWT_SECRET) or --server-key (a secret of their
            HUDDLE_SERVER_KEYS: works whatever their auth mode and token algorithm). Their RATE_LIMIT_* settings
            must let the load through: the defaults are sized for people, not for a load test (one address may
            open 60 sockets a minute and join 60 times in 15 minutes, a member send 60 messages a minute), and the
            harness raises every one to 999999999/<window>. A run that meets a limit says so at once on stderr and
            in its line (WARNING rate limited …, the tiers, the settings to raise), and is not ok.
            Every session a scenario creates is ended when it finishes (as its owner, or with --server-key).

            common:
              --urls URL[,URL...]      base URLs of the gateways; members are spread over them (default
                                       http://127.0.0.1:8080)
              --scenario LIST          fanout, idle, join, comma-separated, run in that order (default fanout)
              --bind ADDR[,ADDR...]    local source addresses, round-robin per connection; a range such as
                                       127.0.0.2-127.0.0.9 names several. One source address gives about 28,000
                                       connections (the ephemeral ports); every 127.x.y.z is local on Linux, so
                                       for 50,000 connections to one gateway on this machine use e.g.
                                       --bind 127.0.0.2-127.0.0.4. Default: the system's choice.
              --pid LABEL=PID          a gateway process on this machine to measure (CPU, RSS incl. children);
                                       repeatable, or comma-separated
              --infra-pid LABEL=PID    e.g. redis=PID, pg=PID (the postmaster: its backends are included);
                                       reported, not counted as the servers' memory
              --tag TEXT               printed instead of the scenario name, and kept in the JSON
              --out FILE               also append each result as a JSON line (the harness loadgen's fields;
                                       node shared/bench/loadgen/summarize.js FILE prints the same table)
              --json                   print the JSON lines on stdout too
              --max-seconds S          hard deadline for the whole run (900)
              --connect-timeout S      per connection, until the welcome frame (15)
              --http-timeout S         per HTTP request (15)
              --jwt-secret SECRET      gateways in HUDDLE_AUTH_MODE=jwt with HS256 (also --jwt-issuer,
                                       --jwt-audience); env:NAME reads it from the environment variable
                                       NAME, so it is not on the command line (ps shows that)
              --server-key KEY         create and end sessions through the server API with this secret of the
                                       gateways' HUDDLE_SERVER_KEYS (hk_..., without its name; env:NAME as
                                       above); the sessions' owner is the user "loaddriver"
              --keep-sessions          leave the sessions created alive (their codes are in the JSON's
                                       cleanup.kept) instead of ending them
              --summarize FILE...      print the lines of earlier JSON results (this driver's or the loadgen's)
                                       and exit; takes the rest of the arguments as files
            fanout: S sessions of M members, member j of session i on urls[(i+j) % n]; member 0 sends, open loop
              --sessions S (10) --members M (10) --rate R msgs/s in total (200) --duration D s (15)
              --warmup W s, sent at the same rate but not measured (2) --drain s (5) --msg-bytes (100)
              Reports delivery latency (send to message:new at every other member), ack latency, sends/s,
              deliveries/s, expected/missing/duplicate/out-of-order deliveries and error codes. "loop p99" is
              how late this driver's send schedule ran (the Node loadgen reports its event-loop delay there).
            idle: N members joined over HTTP, connected with bounded concurrency, held, then counted
              --connections N (2000) --idle-sessions (20) --hold s (30: one 25 s heartbeat round)
              --concurrency (50)
              With --pid, the servers' RSS before, at the peak and at the end, and KB per connection.
              Every welcome lists all members of its session: for large N raise --idle-sessions too
              (e.g. 500 for 50,000 connections).
            join: sessions prefilled over WebSocket, then J joins one at a time and J joins C at a time, each
              POST members -> connect -> welcome (must hold min(history, 50) messages) -> close
              --joins J (200) --join-sessions (4) --history messages per session (50) --concurrency C (50)

            Open files: every connection is a file descriptor here and on the server: raise the limit first
            (ulimit -n 200000; the hard limit, ulimit -Hn, caps it). Error EMFILE: the open-file limit;
            EADDRNOTAVAIL: a source address ran out of ports (add --bind addresses). One JVM drives every connection (one virtual
            thread each); the JVM's CPU share over the measured window is in every line ("loadgen").
            Exit status: 0 when every scenario ran and its line says ok=true; 1 when one failed to run or
            ended ok=false (a failed connection, a missing or duplicate delivery, an error, a rate limit);
            2 for bad arguments; 3 at the hard deadline.
            """;

    private static final Set<String> FLAGS = Set.of("help", "json", "keep-sessions");
    private static final Set<String> REPEATABLE = Set.of("pid", "infra-pid", "bind");
    private static final Map<String, String> DEFAULTS = defaults();

    private LoadDriver() {}

    private static Map<String, String> defaults() {
        var d = new LinkedHashMap<String, String>();
        d.put("urls", "http://127.0.0.1:8080");
        d.put("scenario", "fanout");
        d.put("tag", "");
        d.put("max-seconds", "900");
        d.put("connect-timeout", "15");
        d.put("http-timeout", "15");
        d.put("sessions", "10");
        d.put("members", "10");
        d.put("rate", "200");
        d.put("duration", "15");
        d.put("warmup", "2");
        d.put("drain", "5");
        d.put("msg-bytes", "100");
        d.put("connections", "2000");
        d.put("idle-sessions", "20");
        d.put("hold", "30");
        d.put("concurrency", "50");
        d.put("joins", "200");
        d.put("join-sessions", "4");
        d.put("history", "50");
        for (var name : new String[] {"out", "jwt-secret", "jwt-issuer", "jwt-audience", "server-key"})
            d.put(name, null);
        return d;
    }

    /** Bad arguments: the message, then exit status 2. */
    static final class Usage extends IllegalArgumentException {
        Usage(String message) {
            super(message);
        }
    }

    /** The parsed command line: single options, repeatable ones, flags. */
    record Options(Map<String, String> values, Map<String, List<String>> lists, Set<String> flags, List<String> files) {
        String get(String name) {
            return values.getOrDefault(name, DEFAULTS.get(name));
        }

        double number(String name) {
            try {
                double value = Double.parseDouble(get(name));
                if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) throw new NumberFormatException();
                return value;
            } catch (NumberFormatException | NullPointerException e) {
                throw new Usage("--" + name + " must be a non-negative number");
            }
        }

        /** A number of at least {@code atLeast}: a refusal, not a silent correction, for anything else. */
        double number(String name, double atLeast, String why) {
            double value = number(name);
            if (value < atLeast)
                throw new Usage("--" + name + " must be at least "
                        + Summary.number(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(atLeast)) + why);
            return value;
        }

        double positive(String name) {
            double value = number(name);
            if (value <= 0) throw new Usage("--" + name + " must be above 0");
            return value;
        }

        /** A whole number of at least {@code atLeast}. */
        int whole(String name, int atLeast) {
            return whole(name, atLeast, "");
        }

        int whole(String name, int atLeast, String why) {
            double value = number(name);
            if (value != Math.rint(value) || value > Integer.MAX_VALUE) {
                throw new Usage("--" + name + " must be a whole number, not " + get(name));
            }
            if (value < atLeast) throw new Usage("--" + name + " must be at least " + atLeast + why);
            return (int) value;
        }

        /** A secret option: its value, or with {@code env:NAME} the environment variable NAME's. Never echoed. */
        Optional<String> secret(String name, Map<String, String> environment) {
            String value = get(name);
            if (value == null) return Optional.empty();
            if (value.startsWith("env:")) {
                String variable = value.substring(4);
                String fromEnvironment = environment.get(variable);
                if (fromEnvironment == null || fromEnvironment.isBlank()) {
                    throw new Usage("--" + name + " env:" + variable + ": the environment variable " + variable
                            + " is not set");
                }
                value = fromEnvironment.trim();
            }
            if (value.isBlank()) throw new Usage("--" + name + " is empty");
            return Optional.of(value);
        }
    }

    /** The scenarios' parameters, every one checked before anything is sent: bad arguments exit 2 at once. */
    record Checked(Fanout.Params fanout, Idle.Params idle, Join.Params join) {}

    static Checked check(Options o) {
        var fanout = new Fanout.Params(
                o.whole("sessions", 1),
                o.whole("members", 2, " (a sender and at least one receiver)"),
                o.positive("rate"),
                o.number("duration"),
                o.number("warmup"),
                o.number("drain"),
                o.whole("msg-bytes", 0));
        var idle = new Idle.Params(
                o.whole("connections", 1), o.whole("idle-sessions", 1), o.number("hold"), o.whole("concurrency", 1));
        var join = new Join.Params(
                o.whole("joins", 0), o.whole("join-sessions", 1), o.whole("history", 0), o.whole("concurrency", 1));
        o.number("max-seconds", 1, " s");
        o.positive("connect-timeout");
        o.positive("http-timeout");
        return new Checked(fanout, idle, join);
    }

    static Options parse(String[] args) {
        var values = new LinkedHashMap<String, String>();
        var lists = new LinkedHashMap<String, List<String>>();
        var flags = new java.util.HashSet<String>();
        var files = new ArrayList<String>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) throw new Usage("unexpected argument " + arg);
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (name.equals("summarize")) {
                if (value != null) files.add(value);
                for (i++; i < args.length; i++) files.add(args[i]);
                flags.add("summarize");
                break;
            }
            if (FLAGS.contains(name)) {
                flags.add(name);
                continue;
            }
            if (!DEFAULTS.containsKey(name) && !REPEATABLE.contains(name)) throw new Usage("unknown option --" + name);
            if (value == null) {
                if (i + 1 >= args.length) throw new Usage("--" + name + " needs a value");
                value = args[++i];
            }
            if (REPEATABLE.contains(name))
                lists.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            else values.put(name, value);
        }
        return new Options(values, lists, flags, files);
    }

    public static void main(String[] args) throws InterruptedException {
        int status = execute(args, System.getenv());
        System.out.flush();
        System.exit(status);
    }

    /** The whole command: its exit status (see the help's last lines). */
    static int execute(String[] args, Map<String, String> environment) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (Usage e) {
            System.err.println(e.getMessage() + " (bench/run.sh LoadDriver --help)");
            return 2;
        }
        if (options.flags().contains("help")) {
            System.out.print(HELP);
            return 0;
        }
        if (options.flags().contains("summarize")) return summarize(options.files());
        try {
            return run(options, environment);
        } catch (Usage e) {
            System.err.println(e.getMessage() + " (bench/run.sh LoadDriver --help)");
            return 2;
        }
    }

    private static int run(Options o, Map<String, String> environment) throws InterruptedException {
        var urls = new ArrayList<String>();
        for (var url : o.get("urls").split(",")) {
            String trimmed = url.trim().replaceAll("/+$", "");
            if (trimmed.isEmpty()) continue;
            URI uri;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new Usage("--urls: not a URL: " + url);
            }
            if (uri.getHost() == null
                    || uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new Usage("--urls takes http:// or https:// base URLs, not " + url);
            }
            urls.add(trimmed);
        }
        if (urls.isEmpty()) throw new Usage("no --urls");
        var scenarios = new ArrayList<String>();
        for (var s : o.get("scenario").split(",")) {
            if (s.isBlank()) continue;
            if (!Set.of("fanout", "idle", "join").contains(s.trim()))
                throw new Usage("unknown scenario " + s.trim() + " (fanout, idle, join)");
            scenarios.add(s.trim());
        }
        if (scenarios.isEmpty()) throw new Usage("no --scenario");
        var checked = check(o);
        var sources = sources(o.lists().getOrDefault("bind", List.of()));
        var jwtSecret = o.secret("jwt-secret", environment);
        var serverKey = o.secret("server-key", environment);
        if (jwtSecret.isPresent() && serverKey.isPresent())
            throw new Usage("give --jwt-secret or --server-key, not both");
        if (serverKey.isPresent() && !serverKey.get().startsWith("hk_")) {
            throw new Usage("--server-key takes the secret of one of the gateways' HUDDLE_SERVER_KEYS (hk_...),"
                    + " without its name");
        }
        var jwt = jwtSecret.map(secret -> new HuddleHttp.JwtSettings(
                secret, Optional.ofNullable(o.get("jwt-issuer")), Optional.ofNullable(o.get("jwt-audience"))));
        var rateLimits = new RateLimits();
        var http = new HuddleHttp(
                Duration.ofMillis((long) (o.number("http-timeout") * 1000)), jwt, serverKey, sources, rateLimits);
        var run = new Run(
                List.copyOf(urls),
                http,
                sources,
                Duration.ofMillis((long) (o.number("connect-timeout") * 1000)),
                targets(o.lists().getOrDefault("pid", List.of())),
                targets(o.lists().getOrDefault("infra-pid", List.of())),
                o.get("tag"),
                rateLimits,
                o.flags().contains("keep-sessions"));
        double deadline = o.number("max-seconds");
        var watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep((long) (deadline * 1000));
                Run.log("hard deadline of " + o.get("max-seconds") + " s reached, stopping");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // The run ended in time.
            }
        });
        int status = 0;
        for (var scenario : scenarios) {
            var limitsBefore = rateLimits.snapshot();
            ObjectNode result;
            try {
                result = switch (scenario) {
                    case "fanout" -> Fanout.run(run, checked.fanout());
                    case "idle" -> Idle.run(run, checked.idle());
                    default -> Join.run(run, checked.join());
                };
            } catch (RuntimeException e) {
                Run.log(scenario + " failed: " + e);
                result = run.base(scenario).put("ok", false).put("fatal", String.valueOf(e.getMessage()));
            }
            result.set("cleanup", run.endSessions());
            limited(result, RateLimits.since(limitsBefore, rateLimits.snapshot()));
            emit(result, o);
            if (!result.path("ok").asBoolean(false)) status = 1;
        }
        watchdog.interrupt();
        return status;
    }

    /**
     * A scenario that met the gateways' rate limits measured those limits: its line says so before
     * anything else (the harness's summarize prints {@code warning} in the head), names the tiers and the
     * settings, and it is not ok.
     */
    static void limited(ObjectNode result, ObjectNode refused) {
        if (refused.isEmpty()) return;
        result.set("rateLimited", refused);
        String warning = RateLimits.warning(refused);
        if (result.hasNonNull("warning"))
            warning += "; " + result.get("warning").asText();
        result.put("warning", warning);
        result.put("ok", false);
    }

    private static void emit(ObjectNode result, Options o) {
        result.put("at", Instant.now().toString());
        result.putObject("host")
                .put("cpus", Runtime.getRuntime().availableProcessors())
                .put("java", Runtime.version().toString());
        String line = result.toString();
        Summary.lines(result).forEach(System.out::println);
        if (o.flags().contains("json")) System.out.println(line);
        System.out.flush();
        if (o.get("out") != null) {
            try {
                Files.writeString(
                        Path.of(o.get("out")),
                        line + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                Run.log("could not append to " + o.get("out") + ": " + e.getMessage());
            }
        }
    }

    private static int summarize(List<String> files) {
        try {
            var text = new StringBuilder();
            if (files.isEmpty()) text.append(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
            for (var file : files) text.append(Files.readString(Path.of(file))).append('\n');
            for (var line : text.toString().split("\n")) {
                if (line.trim().startsWith("{"))
                    Summary.lines(JSON.readTree(line)).forEach(System.out::println);
            }
            return 0;
        } catch (IOException e) {
            System.err.println("cannot read the results: " + e.getMessage());
            return 1;
        }
    }

    /** {@code 127.0.0.2,127.0.0.5-127.0.0.7}: each address, ranges over the last octet. */
    static List<InetAddress> sources(List<String> specs) {
        var out = new ArrayList<InetAddress>();
        for (var spec : specs) {
            for (var part : spec.split(",")) {
                part = part.trim();
                if (part.isEmpty()) continue;
                try {
                    int dash = part.indexOf('-');
                    if (dash < 0) {
                        out.add(InetAddress.getByName(part));
                        continue;
                    }
                    var from = InetAddress.getByName(part.substring(0, dash)).getAddress();
                    var to = InetAddress.getByName(part.substring(dash + 1)).getAddress();
                    if (from.length != 4 || to.length != 4 || !java.util.Arrays.equals(from, 0, 3, to, 0, 3)) {
                        throw new Usage("--bind range " + part + ": IPv4, differing in the last number only");
                    }
                    for (int last = from[3] & 0xFF; last <= (to[3] & 0xFF); last++) {
                        out.add(InetAddress.getByAddress(new byte[] {from[0], from[1], from[2], (byte) last}));
                    }
                } catch (UnknownHostException e) {
                    throw new Usage("--bind: not an address: " + part);
                }
            }
        }
        return List.copyOf(out);
    }

    static List<Proc.Target> targets(List<String> specs) {
        var out = new ArrayList<Proc.Target>();
        for (var spec : specs) {
            for (var part : spec.split(",")) {
                if (part.isBlank()) continue;
                String[] labelled = part.trim().split("=", 2);
                String label = labelled.length == 2 ? labelled[0] : "pid" + labelled[0];
                try {
                    out.add(new Proc.Target(label, Long.parseLong(labelled[labelled.length - 1])));
                } catch (NumberFormatException e) {
                    throw new Usage("--pid/--infra-pid take LABEL=PID, not " + part);
                }
            }
        }
        return List.copyOf(out);
    }
}
