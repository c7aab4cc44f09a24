#!/bin/bash
# bench/join-network.sh: join + welcome(50) latency with Redis and PostgreSQL a network hop away. One
# gateway (3201) reaches the shared harness's Redis (6391) and PostgreSQL (5441) through bench/delay-proxy.mjs
# (6392, 5442; DELAY_MS each way, default 1: a round trip of about 2.4 ms on this machine); after 200 warm-up
# joins, the harness's join scenario twice (JOINS one at a time, then JOINS 10 at a time). Needs the shared
# harness copied to /tmp/huddle-bench-src with its infra started (shared/bench/README.md) and JAR the gateway
# jar's absolute path; JVM flags in FLAGS:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar bash bench/join-network.sh
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
OUT=${OUT:-$(mktemp --suffix .jsonl)}
node "$HERE/delay-proxy.mjs" 6392 6391 "${DELAY_MS:-1}" & redis_proxy=$!
node "$HERE/delay-proxy.mjs" 5442 5441 "${DELAY_MS:-1}" & pg_proxy=$!
trap 'kill $redis_proxy $pg_proxy 2>/dev/null' EXIT
client=$(mktemp --suffix .mjs)
cat >"$client" <<JS
import { createDriver } from '$HARNESS/loadgen/lib/drivers/index.js';
const d = createDriver('huddle');
const code = (await d.createSession(process.argv[2], { name: 'warm-up' })).code;
for (let i = 0; i < 200; i++) { const m = await d.join(process.argv[2], code, 'w' + i); (await d.connect(process.argv[2], m.token, {})).close(); }
process.exit(0);
JS
cd "$HARNESS"
HUDDLE_REDIS_URL=redis://127.0.0.1:6392/0 HUDDLE_DATABASE_URL=postgresql://bench:bench@127.0.0.1:5442/huddle \
  HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -jar ${JAR:?set JAR}" bash scripts/huddle.sh start 3201 >/dev/null
node "$client" http://127.0.0.1:3201
for _ in 1 2; do
  node loadgen/loadgen.js --driver huddle --urls http://127.0.0.1:3201 --workers 1 --out "$OUT" \
    --scenario join --joins "${JOINS:-100}" --join-sessions 4 --history 50 --concurrency 10 >/dev/null 2>&1
done
bash scripts/huddle.sh stop >/dev/null
rm -f "$client"
node -e '
for (const line of require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n")) {
  const r = JSON.parse(line);
  for (const phase of ["sequential", "concurrent"]) {
    const x = r[phase], t = x.totalMs;
    console.log(`${phase.padEnd(10)} p50 ${t.p50.toFixed(1)} p99 ${t.p99.toFixed(1)} ms | join ${x.httpJoinMs.p50.toFixed(1)} + socket to welcome ${x.connectToWelcomeMs.p50.toFixed(1)} ms at p50 | ${x.opsPerSec.toFixed(1)} joins/s`);
  }
}' "$OUT"
