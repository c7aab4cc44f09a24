#!/bin/bash
# bench/join-cpu.sh: gateway CPU per join cycle (POST /members, WebSocket until its welcome, close), one at
# a time against one gateway (3201) on the shared harness's Redis (6391) and PostgreSQL (5441): per round, a
# fresh session, GROW joins to grow its roster (default 50; 1000 for a big session's welcomes), then MEASURED
# measured ones (default 200); CPU from /proc/PID/stat (user + system,
# the gateway's process only). Needs the shared harness copied to /tmp/huddle-bench-src with its infra started
# (shared/bench/README.md) and JAR the gateway jar's absolute path; ROUNDS (default "1 2 3"), JVM flags in FLAGS:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar bash bench/join-cpu.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
client=$(mktemp --suffix .mjs)
cat >"$client" <<JS
import { createDriver } from '$HARNESS/loadgen/lib/drivers/index.js';
const d = createDriver('huddle');
const [url, code, n] = [process.argv[2], process.argv[3], +(process.argv[4] || 1)];
if (!code) { console.log((await d.createSession(url, { name: 'join-cpu' })).code); process.exit(0); }
for (let i = 0; i < n; i++) { const m = await d.join(url, code, 'j' + process.pid + '-' + i); (await d.connect(url, m.token, {})).close(); }
await new Promise((r) => setTimeout(r, 300));
process.exit(0);
JS
cd "$HARNESS"
HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -jar ${JAR:?set JAR}" bash scripts/huddle.sh start 3201 >/dev/null
pid=$(cat /tmp/huddle-bench/huddle-3201.pid)
ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
hz=$(getconf CLK_TCK)
for round in ${ROUNDS:-1 2 3}; do
  code=$(node "$client" http://127.0.0.1:3201)
  node "$client" http://127.0.0.1:3201 "$code" "${GROW:-50}"
  a=$(ticks); t0=$(date +%s%N)
  node "$client" http://127.0.0.1:3201 "$code" "${MEASURED:-200}"
  b=$(ticks); t1=$(date +%s%N)
  echo "round $round: ${MEASURED:-200} joins in $(( (t1 - t0) / 1000000 )) ms, gateway CPU $(( (b - a) * 1000000 / hz / ${MEASURED:-200} )) us per join"
done
bash scripts/huddle.sh stop >/dev/null
rm -f "$client"
