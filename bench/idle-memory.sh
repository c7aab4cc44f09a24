#!/bin/bash
# bench/idle-memory.sh: memory per idle WebSocket as the shared harness measures it, for comparing JVM flags:
# two gateways (3201, 3202) on the harness's Redis and PostgreSQL, the harness's 10 s fan-out warm-up at
# 500 msgs/s, then its idle scenario (2,000 sockets into 20 sessions, 50 opening at a time, held 30 s):
# (RSS while connected - RSS before) / sockets, the two gateways summed. With HISTOGRAM=1, live-object
# histograms of gateway 3201 before the sockets and while they are held (each forces a full GC, so the
# figure of that run is not comparable) go to /tmp/idle-histogram-{before,held}.txt. Needs the shared
# harness copied to /tmp/huddle-bench-src with its infra started (shared/bench/README.md), JAR the gateway
# jar's absolute path, FLAGS the JVM flags (default bin/huddle-gateway's) and RUNS (default 1):
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar RUNS=3 bash bench/idle-memory.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
cd "$HARNESS"
for run in $(seq 1 ${RUNS:-1}); do
  out=$(mktemp --suffix .jsonl)
  HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -XX:+ExitOnOutOfMemoryError -jar ${JAR:?set JAR}" \
    bash scripts/huddle.sh start 3201 3202 >/dev/null
  pids=$(bash scripts/huddle.sh pids)
  node loadgen/loadgen.js --driver huddle --urls http://127.0.0.1:3201,http://127.0.0.1:3202 --workers 1 \
    --scenario fanout --sessions 10 --members 10 --rate 500 --duration 10 --out /tmp/huddle-warmup.jsonl >/dev/null 2>&1
  first=${pids%%,*}
  if [ -n "${HISTOGRAM:-}" ]; then
    "$JAVA_HOME/bin/jcmd" "$first" GC.class_histogram >/tmp/idle-histogram-before.txt
    (sleep 25 && "$JAVA_HOME/bin/jcmd" "$first" GC.class_histogram >/tmp/idle-histogram-held.txt) &
  fi
  SCENARIOS=idle OUT=$out bash scripts/run-suite.sh huddle http://127.0.0.1:3201,http://127.0.0.1:3202 "$pids" >/dev/null 2>&1
  wait
  bash scripts/huddle.sh stop >/dev/null
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]);
    const s = Object.entries(r.servers).filter(([k]) => k.startsWith("server"))
      .map(([k, v]) => `${k} ${v.rssBeforeMb} -> ${v.rssPeakMb} MB`).join(", ");
    console.log(`run ${process.argv[2]}: ${r.connected} sockets, ${r.serverRssPerConnectionKb.peak} KB per socket (${s})`);
  ' "$out" "$run"
  rm -f "$out"
done
