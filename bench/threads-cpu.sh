#!/bin/bash
# bench/threads-cpu.sh: where one gateway's CPU goes under fan-out, by thread: two gateways (3201, 3202) on
# the shared harness's Redis and PostgreSQL, the harness's 10 s warm-up at 500 msgs/s, then its fan-out
# (10 sessions x 10 members) at RATE for 20 s; over 10 s in its middle, for gateway 3201's threads grouped
# by name (Jetty's huddle-http-*, the message writer, the event subscriber, ...): CPU in cores and voluntary
# and involuntary context switches per second, from /proc/PID/task/*/{stat,status}. Needs the shared
# harness copied to /tmp/huddle-bench-src with its infra started (shared/bench/README.md):
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar RATE=1000 bash bench/threads-cpu.sh
set -u
export LC_ALL=C # join needs the snapshots sorted as it compares
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
RATE=${RATE:-1000}
TICKS=$(getconf CLK_TCK)
cd "$HARNESS"
HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -XX:+ExitOnOutOfMemoryError -jar ${JAR:?set JAR}" bash scripts/huddle.sh start 3201 3202 >/dev/null
pids=$(bash scripts/huddle.sh pids)
pid=${pids%%,*}
urls=http://127.0.0.1:3201,http://127.0.0.1:3202
node loadgen/loadgen.js --driver huddle --urls $urls --workers 1 --scenario fanout --sessions 10 --members 10 \
  --rate 500 --duration 10 --out /tmp/huddle-warmup.jsonl >/dev/null 2>&1
# One line per thread: id, name, voluntary switches, involuntary switches, CPU ticks (cumulative); and the
# process's own CPU ticks, which keep the time of threads that have ended.
snapshot() {
  for task in /proc/$pid/task/*; do
    name=$({ tr ' ' '_' <"$task/comm"; } 2>/dev/null) || continue
    stat=($(sed 's/.*) //' "$task/stat" 2>/dev/null)) || continue
    switches=$(awk '/^voluntary_ctxt/ {v=$2} /^nonvoluntary_ctxt/ {n=$2} END {print v+0, n+0}' "$task/status" 2>/dev/null)
    echo "${task##*/} $name $switches $((${stat[11]:-0} + ${stat[12]:-0}))"
  done | sort
}
process_ticks() { local stat=($(sed 's/.*) //' /proc/$pid/stat)); echo $((${stat[11]} + ${stat[12]})); }
node loadgen/loadgen.js --driver huddle --urls $urls --workers 2 --out /tmp/threads-cpu.jsonl --scenario fanout \
  --sessions 10 --members 10 --rate "$RATE" --duration 20 >/dev/null 2>&1 &
sleep 5
snapshot >/tmp/threads-cpu-a
before=$(process_ticks)
sleep 10
snapshot >/tmp/threads-cpu-b
after=$(process_ticks)
wait
bash scripts/huddle.sh stop >/dev/null
echo "thread group, threads: cores, voluntary switches/s, involuntary switches/s (gateway 3201, fan-out at $RATE msgs/s)"
# Per thread: the difference of the two snapshots (a thread started meanwhile counts from zero; one that ended
# meanwhile is missing from its group, but not from the whole process's figure); then by name, the pool's
# number cut off.
join -a 2 -e 0 -o 2.2,1.3,1.4,1.5,2.3,2.4,2.5 /tmp/threads-cpu-a /tmp/threads-cpu-b | awk -v hz="$TICKS" \
  -v process=$((after - before)) '
  {name = $1; sub(/-?[0-9]+$/, "", name); t[name]++; v[name] += $5 - $2; n[name] += $6 - $3; c[name] += $7 - $4}
  END {
    for (k in t) if (c[k] / hz / 10 >= 0.005 || v[k] / 10 >= 50)
      printf "%-16s %3d: %.2f cores, %5.0f vol/s, %5.0f invol/s\n", k, t[k], c[k] / hz / 10, v[k] / 10, n[k] / 10 | "sort -t: -k2 -rn"
    close("sort -t: -k2 -rn")
    printf "the whole process: %.2f cores\n", process / hz / 10
  }'
