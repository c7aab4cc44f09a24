#!/bin/bash
# bench/soak.sh: does a pair of gateways hold steady over time? Two gateways (3201, 3202, the shipped JVM
# flags) on the shared harness's Redis and PostgreSQL, then ROUNDS rounds of churn, each on fresh sessions:
# the harness's fan-out (10 sessions x 10 members, RATE msgs/s for FANOUT_S seconds), its join scenario
# (JOINS joins + welcome, 50 at a time) and its idle scenario (IDLE connections opened, held 5 s, closed).
# After each round, per gateway: the heap in use after a full GC, RSS, threads, open descriptors, and
# Redis's key count and memory; then the loss figures of the round's fan-out. A leak shows as a column
# that climbs round after round instead of settling. Needs the shared harness copied to
# /tmp/huddle-bench-src with its infra started (shared/bench/README.md) and JAR the gateway jar's path:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar ROUNDS=12 bash bench/soak.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m -Xmx512m}
ROUNDS=${ROUNDS:-12}
RATE=${RATE:-500}
FANOUT_S=${FANOUT_S:-60}
JOINS=${JOINS:-400}
IDLE=${IDLE:-2000}
OUT=${OUT:-$(mktemp --suffix .jsonl)}
REDIS_PORT=${REDIS_PORT:-6391}
cd "$HARNESS"
HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -XX:+ExitOnOutOfMemoryError -jar ${JAR:?set JAR}" bash scripts/huddle.sh start 3201 3202 >/dev/null || exit 1
trap 'bash scripts/huddle.sh stop >/dev/null' EXIT
pids=$(bash scripts/huddle.sh pids)
urls=http://127.0.0.1:3201,http://127.0.0.1:3202

# The heap in use after a full collection (kilobytes), from the collector's own summary.
heap_after_gc() {
  "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null 2>&1
  "$JAVA_HOME/bin/jcmd" "$1" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | tr -dc '0-9\n' | paste -sd+ | bc
}

sample() {
  local line="round $1"
  for pid in ${pids//,/ }; do
    local rss threads fds heap
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    threads=$(awk '/Threads/ {print $2}' /proc/$pid/status)
    fds=$(ls /proc/$pid/fd | wc -l)
    heap=$(heap_after_gc "$pid")
    line="$line | pid $pid heap ${heap} KB rss ${rss} KB threads $threads fds $fds"
  done
  local keys mem
  keys=$(redis-cli -p "$REDIS_PORT" dbsize)
  mem=$(redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r')
  echo "$line | redis keys $keys used_memory $mem"
}

node loadgen/loadgen.js --driver huddle --urls $urls --workers 1 --scenario fanout --sessions 10 --members 10 \
  --rate 500 --duration 10 --out /tmp/huddle-warmup.jsonl >/dev/null 2>&1
sample 0
for round in $(seq 1 "$ROUNDS"); do
  node loadgen/loadgen.js --driver huddle --urls $urls --workers 2 --out "$OUT" --tag "soak-$round" \
    --scenario fanout --sessions 10 --members 10 --rate "$RATE" --duration "$FANOUT_S" >/dev/null 2>&1
  node loadgen/loadgen.js --driver huddle --urls $urls --workers 2 --out "$OUT" --tag "soak-$round" \
    --scenario join --joins "$JOINS" --join-sessions 4 --history 50 --concurrency 50 >/dev/null 2>&1
  node loadgen/loadgen.js --driver huddle --urls $urls --workers 2 --out "$OUT" --tag "soak-$round" \
    --scenario idle --connections "$IDLE" --idle-sessions 20 --hold 5 >/dev/null 2>&1
  sample "$round"
done
node loadgen/summarize.js "$OUT"
