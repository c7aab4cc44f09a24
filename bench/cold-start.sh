#!/bin/bash
# bench/cold-start.sh: the first 30 s of a freshly started pair of gateways (3201, 3202) on the shared
# harness's Redis and PostgreSQL, with no warm-up: the harness's fan-out (10 sessions x 10 members) at RATE
# (default 500 msgs/s) for 30 s, one summary per run, with each gateway's CPU and every full collection
# the two JVMs made (their GC logs). Compares JVM flags (FLAGS, default bin/huddle-gateway's) at start-up;
# interleave two FLAGS one run at a time, as the machine drifts. Needs the shared harness copied to
# /tmp/huddle-bench-src with its infra started (shared/bench/README.md) and JAR the gateway jar's path:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar RUNS=3 bash bench/cold-start.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
logs=$(mktemp -d)
cd "$HARNESS"
for run in $(seq 1 ${RUNS:-1}); do
  out=$(mktemp --suffix .jsonl)
  rm -f "$logs"/*.log
  HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -XX:+ExitOnOutOfMemoryError -Xlog:gc:file=$logs/gc-%p.log:uptime -jar ${JAR:?set JAR}" \
    bash scripts/huddle.sh start 3201 3202 >/dev/null
  pids=$(bash scripts/huddle.sh pids)
  node loadgen/loadgen.js --driver huddle --urls http://127.0.0.1:3201,http://127.0.0.1:3202 --workers 2 \
    --pid "server1=${pids%%,*}" --pid "server2=${pids##*,}" --scenario fanout --sessions 10 --members 10 \
    --rate "${RATE:-500}" --duration 30 --tag cold --out "$out" >/dev/null 2>&1
  bash scripts/huddle.sh stop >/dev/null
  echo "run $run: $(node loadgen/summarize.js "$out" | grep -o 'delivery p50[^|]*ms' | head -1)," \
    "$(node loadgen/summarize.js "$out" | grep -o 'server1 [0-9.]*c.*server2 [0-9.]*c')"
  full=$(grep -h 'Pause Full' "$logs"/*.log | sed 's/.*GC([0-9]*) //' | paste -sd';' | sed 's/;/; /g')
  echo "  full collections: ${full:-none}"
  rm -f "$out"
  sleep 2
done
rm -rf "$logs"
