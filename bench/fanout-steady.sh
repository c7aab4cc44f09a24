#!/bin/bash
# bench/fanout-steady.sh: how a pair of gateways settles under one fan-out rate: two gateways (3201, 3202)
# on the shared harness's Redis and PostgreSQL, the harness's 10 s warm-up at 500 msgs/s, then RUNS
# consecutive runs of the harness's fan-out (10 sessions x 10 members, 15 s) at RATE; one summary per run,
# with each gateway's CPU. Compares JVM flags (FLAGS) in steady state, e.g. the client compiler only
# (the default) against tiered C2 (FLAGS="-XX:+UseSerialGC -Xmn32m"). Needs the shared harness copied to
# /tmp/huddle-bench-src with its infra started (shared/bench/README.md) and JAR the gateway jar's path:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar RATE=1000 RUNS=5 bash bench/fanout-steady.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
OUT=${OUT:-$(mktemp --suffix .jsonl)}
cd "$HARNESS"
HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -XX:+ExitOnOutOfMemoryError -jar ${JAR:?set JAR}" bash scripts/huddle.sh start 3201 3202 >/dev/null
pids=$(bash scripts/huddle.sh pids)
urls=http://127.0.0.1:3201,http://127.0.0.1:3202
node loadgen/loadgen.js --driver huddle --urls $urls --workers 1 --scenario fanout --sessions 10 --members 10 \
  --rate 500 --duration 10 --out /tmp/huddle-warmup.jsonl >/dev/null 2>&1
for run in $(seq 1 ${RUNS:-5}); do
  node loadgen/loadgen.js --driver huddle --urls $urls --workers 2 --out "$OUT" --pid "server1=${pids%%,*}" \
    --pid "server2=${pids##*,}" --tag "steady-R${RATE:-1000}-$run" --scenario fanout --sessions 10 --members 10 \
    --rate ${RATE:-1000} --duration 15 >/dev/null 2>&1
done
bash scripts/huddle.sh stop >/dev/null
node loadgen/summarize.js "$OUT"
