package io.huddle.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time and memory of server processes on this machine, from {@code /proc}, as the harness's
 * {@code proc.js} reads them: a process with its descendants (PostgreSQL's backends), RSS for one process
 * and the sum of PSS for a tree (RSS would count shared buffers once per process), and the machine's
 * busy and stolen CPU from {@code /proc/stat}. Without {@code /proc} every process reads as not alive.
 */
final class Proc {
    private static final Path PROC = Path.of("/proc");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+)\\s+kB");
    private static final Pattern PSS = Pattern.compile("(?m)^Pss:\\s+(\\d+)\\s+kB");
    private static final double TICKS_PER_SECOND = clockTicks();

    private Proc() {}

    /** A process to measure, by the label it is reported under. */
    record Target(String label, long pid) {}

    /** One process tree at one moment. */
    record Sample(long pid, boolean alive, double cpuSeconds, double rssMb, int processes) {}

    /** The machine's CPU counters at one moment (jiffies). */
    record MachineCpu(long idle, long steal, long total) {}

    private record Stat(long ppid, long ticks) {}

    static Map<String, Sample> snapshot(List<Target> targets) {
        var out = new LinkedHashMap<String, Sample>();
        if (targets.isEmpty()) return out;
        Map<Long, List<Long>> children = null;
        for (var target : targets) {
            var root = stat(target.pid());
            if (root == null) {
                out.put(target.label(), new Sample(target.pid(), false, 0, 0, 0));
                continue;
            }
            if (children == null) children = children();
            var members = new ArrayList<Long>();
            var stack = new ArrayDeque<Long>();
            stack.push(target.pid());
            while (!stack.isEmpty()) {
                long pid = stack.pop();
                members.add(pid);
                children.getOrDefault(pid, List.of()).forEach(stack::push);
            }
            long ticks = 0;
            long rssKb = 0;
            long pssKb = 0;
            for (long pid : members) {
                var stat = stat(pid);
                ticks += stat == null ? 0 : stat.ticks();
                rssKb += kb(pid, "status", RSS);
                if (members.size() > 1) pssKb += kb(pid, "smaps_rollup", PSS);
            }
            long kb = members.size() > 1 ? pssKb : rssKb;
            out.put(
                    target.label(),
                    new Sample(
                            target.pid(),
                            true,
                            ticks / TICKS_PER_SECOND,
                            Math.round(kb / 102.4) / 10.0,
                            members.size()));
        }
        return out;
    }

    /** Per label: {@code pid, alive, cpuSec, cores, rssMb} over {@code wallSeconds}, as {@code cpuDiff}. */
    static ObjectNode cpuDiff(Map<String, Sample> before, Map<String, Sample> after, double wallSeconds) {
        var node = JsonNodeFactory.instance.objectNode();
        after.forEach((label, a) -> {
            var b = before.get(label);
            if (b == null) return;
            double cpu = a.cpuSeconds() - b.cpuSeconds();
            node.putObject(label)
                    .put("pid", a.pid())
                    .put("alive", a.alive())
                    .put("cpuSec", round(cpu, 2))
                    .put("cores", round(cpu / wallSeconds, 2))
                    .put("rssMb", a.rssMb());
        });
        return node;
    }

    static MachineCpu machineCpu() {
        try {
            String first = Files.readAllLines(PROC.resolve("stat")).getFirst().trim();
            String[] fields = first.split("\\s+");
            long[] v = new long[8];
            for (int i = 0; i < 8 && i + 1 < fields.length; i++) v[i] = Long.parseLong(fields[i + 1]);
            long total = 0;
            for (long x : v) total += x;
            // user nice system idle iowait irq softirq steal
            return new MachineCpu(v[3] + v[4], v[7], total);
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(0, 0, 0);
        }
    }

    /** {@code cores, busyShare, busyCores, stealShare}: what ran on this machine, and what the hypervisor took. */
    static ObjectNode machineDiff(MachineCpu before, MachineCpu after) {
        int cores = Runtime.getRuntime().availableProcessors();
        long total = after.total() - before.total();
        long idle = after.idle() - before.idle();
        long steal = after.steal() - before.steal();
        double busy = total > 0 ? (double) (total - idle - steal) / total : 0;
        return JsonNodeFactory.instance
                .objectNode()
                .put("cores", cores)
                .put("busyShare", round(busy, 3))
                .put("busyCores", round(busy * cores, 3))
                .put("stealShare", total > 0 ? round((double) steal / total, 3) : 0);
    }

    /** This JVM's CPU time in seconds (user and system). */
    static double selfCpuSeconds() {
        var stat = stat(ProcessHandle.current().pid());
        if (stat != null) return stat.ticks() / TICKS_PER_SECOND;
        var bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return bean instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() / 1e9 : 0;
    }

    static double round(double x, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(x * scale) / scale;
    }

    private static Stat stat(long pid) {
        try {
            String raw = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            String[] rest = raw.substring(raw.lastIndexOf(')') + 2).trim().split(" ");
            // rest[0] is field 3 (state); utime, stime, cutime, cstime are fields 14 to 17
            long ticks = Long.parseLong(rest[11])
                    + Long.parseLong(rest[12])
                    + Long.parseLong(rest[13])
                    + Long.parseLong(rest[14]);
            return new Stat(Long.parseLong(rest[1]), ticks);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<Long, List<Long>> children() {
        var children = new HashMap<Long, List<Long>>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name -> {
                        long pid = Long.parseLong(name);
                        var stat = stat(pid);
                        if (stat != null)
                            children.computeIfAbsent(stat.ppid(), k -> new ArrayList<>())
                                    .add(pid);
                    });
        } catch (IOException e) {
            // No /proc: no descendants.
        }
        return children;
    }

    private static long kb(long pid, String file, Pattern pattern) {
        try {
            var matcher = pattern.matcher(
                    Files.readString(PROC.resolve(Long.toString(pid)).resolve(file)));
            return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double clockTicks() {
        try {
            var process = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return process.waitFor() == 0 ? Double.parseDouble(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
