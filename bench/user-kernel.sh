#!/bin/bash
# bench/user-kernel.sh: where each server's CPU goes under the harness's fan-out, user space against the
# kernel, both systems in one run. For each of the peer (2 x peer-socketio, 3101-3102) and Huddle (2 gateways,
# 3201-3202) in turn: a 10 s warm-up at 500 msgs/s, then fan-out (10 sessions x 10 members) at RATE (default
# 1000) for 20 s, with user and system CPU time read from /proc/PID/stat of both instances from 5 s to 15 s
# into it. ROUNDS (default 1) repeats the pair. Needs the shared harness copied to /tmp/huddle-bench-src with
# its infra started (shared/bench/README.md):
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar bash bench/user-kernel.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
RATE=${RATE:-1000}
hz=$(getconf CLK_TCK)
cd "$HARNESS"
times() { for p in $1; do awk '{print $14, $15}' /proc/$p/stat; done | awk '{u+=$1; s+=$2} END {print u, s}'; }
measure() { # who driver urls pids
  node loadgen/loadgen.js --driver "$2" --urls "$3" --workers 2 --scenario fanout --sessions 10 --members 10 \
    --rate 500 --duration 10 --out /tmp/user-kernel-warmup.jsonl >/dev/null 2>&1
  node loadgen/loadgen.js --driver "$2" --urls "$3" --workers 2 --scenario fanout --sessions 10 --members 10 \
    --rate "$RATE" --duration 20 --out /tmp/user-kernel.jsonl >/tmp/user-kernel-$1.txt 2>/dev/null &
  local lg=$!
  sleep 5; read -r u0 s0 < <(times "$4")
  sleep 10; read -r u1 s1 < <(times "$4")
  wait $lg
  printf '%s at %s msgs/s, both instances: user %.2f cores, kernel %.2f cores (%.0f %% of their CPU)\n' "$1" "$RATE" \
    "$(echo "($u1 - $u0) / $hz / 10" | bc -l)" "$(echo "($s1 - $s0) / $hz / 10" | bc -l)" \
    "$(echo "100 * ($s1 - $s0) / ($u1 - $u0 + $s1 - $s0)" | bc -l)"
  tail -1 /tmp/user-kernel-$1.txt | node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(`  ${r.deliveries.perSec} deliveries/s, delivery p50 ${r.latencyMs.p50} p99 ${r.latencyMs.p99} ms, missing ${r.deliveries.missing}`)'
}
for _ in $(seq 1 "${ROUNDS:-1}"); do
  bash scripts/peers.sh start >/dev/null
  measure peer socketio http://127.0.0.1:3101,http://127.0.0.1:3102 "$(bash scripts/peers.sh pids | tr ',' ' ')"
  bash scripts/peers.sh stop >/dev/null
  HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -jar ${JAR:?set JAR}" bash scripts/huddle.sh start >/dev/null
  measure huddle huddle http://127.0.0.1:3201,http://127.0.0.1:3202 "$(bash scripts/huddle.sh pids | tr ',' ' ')"
  bash scripts/huddle.sh stop >/dev/null
done
