#!/bin/bash
# bench/threads-cpu.sh: where one gateway's CPU goes under fan-out, by thread: two gateways (3201, 3202) on
# the shared harness's Redis and PostgreSQL, the harness's 10 s warm-up at 500 msgs/s, then its fan-out
# (10 sessions x 10 members) at RATE for 20 s; over 10 s in its middle, for gateway 3201's threads grouped
# by name (Jetty's huddle-http-*, the message writer, the event subscriber, ...): CPU in cores and voluntary
# and involuntary context switches per second, from /proc/PID/task/*/{stat,status}. Needs the shared
# harness copied to /tmp/huddle-bench-src with its infra started (shared/bench/README.md):
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar RATE=1000 bash bench/threads-cpu.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1}
RATE=${RATE:-1000}
TICKS=$(getconf CLK_TCK)
cd "$HARNESS"
HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -XX:+ExitOnOutOfMemoryError -jar ${JAR:?set JAR}" bash scripts/huddle.sh start 3201 3202 >/dev/null
pids=$(bash scripts/huddle.sh pids)
pid=${pids%%,*}
urls=http://127.0.0.1:3201,http://127.0.0.1:3202
node loadgen/loadgen.js --driver huddle --urls $urls --workers 1 --scenario fanout --sessions 10 --members 10 \
  --rate 500 --duration 10 --out /tmp/huddle-warmup.jsonl >/dev/null 2>&1
# One line per thread group: name, threads, voluntary switches, involuntary switches, CPU ticks (cumulative).
snapshot() {
  for task in /proc/$pid/task/*; do
    name=$({ tr ' ' '_' <"$task/comm"; } 2>/dev/null) || continue
    stat=($(sed 's/.*) //' "$task/stat" 2>/dev/null)) || continue
    switches=$(awk '/^voluntary_ctxt/ {v=$2} /^nonvoluntary_ctxt/ {n=$2} END {print v+0, n+0}' "$task/status" 2>/dev/null)
    echo "$name $switches $((${stat[11]:-0} + ${stat[12]:-0}))"
  done | awk '{sub(/-?[0-9]+$/, "", $1); t[$1]++; v[$1] += $2; n[$1] += $3; c[$1] += $4}
    END {for (k in t) print k, t[k], v[k], n[k], c[k]}' | sort
}
node loadgen/loadgen.js --driver huddle --urls $urls --workers 2 --out /tmp/threads-cpu.jsonl --scenario fanout \
  --sessions 10 --members 10 --rate "$RATE" --duration 20 >/dev/null 2>&1 &
sleep 5
snapshot >/tmp/threads-cpu-a
sleep 10
snapshot >/tmp/threads-cpu-b
wait
bash scripts/huddle.sh stop >/dev/null
echo "thread group, threads: cores, voluntary switches/s, involuntary switches/s (gateway 3201, fan-out at $RATE msgs/s)"
join /tmp/threads-cpu-a /tmp/threads-cpu-b | awk -v hz="$TICKS" '
  {cores = ($9 - $5) / hz / 10
   if (cores >= 0.005 || $7 - $3 >= 50) printf "%-16s %3d: %.2f cores, %5.0f vol/s, %5.0f invol/s\n", $1, $6, cores, ($7 - $3) / 10, ($8 - $4) / 10}' | sort -t: -k2 -rn
join /tmp/threads-cpu-a /tmp/threads-cpu-b | awk -v hz="$TICKS" '{c += $9 - $5} END {printf "all threads: %.2f cores\n", c / hz / 10}'

