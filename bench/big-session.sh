#!/bin/bash
# bench/big-session.sh: one big session filling up: N members join one session and open a socket each (the
# harness's idle scenario with one session, 50 at a time, held 5 s), on one gateway. Every opening is a
# presence event with the session's headcount and goes to everyone already there, so the work grows with
# the square of N. Prints the time to connect all, the gateway's CPU and Redis's CPU over the fill, and
# Redis's busiest commands. Needs the shared harness copied to /tmp/huddle-bench-src with its infra started
# (shared/bench/README.md); it FLUSHes the harness's Redis (6391) first and resets its statistics:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar N=2000 bash bench/big-session.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
N=${N:-2000}
REDIS_PORT=${REDIS_PORT:-6391}
cd "$HARNESS"
cli() { redis-cli -p "$REDIS_PORT" "$@"; }
cli flushall >/dev/null
HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -Xmx1g -XX:+ExitOnOutOfMemoryError -jar ${JAR:?set JAR}" \
  bash scripts/huddle.sh start 3201 >/dev/null || exit 1
pid=$(bash scripts/huddle.sh pids)
# Stopped and gone (its drain holds the port for seconds) before the next run starts one.
trap 'bash scripts/huddle.sh stop >/dev/null; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done' EXIT
ticks() { awk '{print $14 + $15}' /proc/"$pid"/stat; }
redis_cpu() { cli info cpu | awk -F: '/^used_cpu_(sys|user):/ {s += $2} END {printf "%.2f", s}'; }
cli config resetstat >/dev/null
gateway_before=$(ticks) redis_before=$(redis_cpu)
out=$(mktemp --suffix .jsonl)
node loadgen/loadgen.js --driver huddle --urls http://127.0.0.1:3201 --workers 1 --out "$out" \
  --scenario idle --connections "$N" --idle-sessions 1 --hold 5 --concurrency 50 >/dev/null 2>&1
gateway_after=$(ticks) redis_after=$(redis_cpu)
node loadgen/summarize.js "$out" | grep -m1 connected
hz=$(getconf CLK_TCK)
echo "gateway CPU $(echo "scale=2; ($gateway_after - $gateway_before) / $hz" | bc) s," \
  "Redis CPU $(echo "$redis_after - $redis_before" | bc) s"
cli info commandstats | awk -F'[:=,]' '/^cmdstat/ {printf "%s %s calls, %.0f ms\n", $1, $3, $5 / 1000}' |
  sort -t, -k2 -rn | sort -k4 -rn | head -5
