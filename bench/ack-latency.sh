#!/bin/bash
# bench/ack-latency.sh: one sender alone, one message at a time (20 ms apart), the time from its send to its
# ack: what a message costs end to end when nothing else runs, for the peer (one instance, 3101) and Huddle
# (one gateway, 3201) on the shared harness's Redis (6391) and PostgreSQL (5441), ROUNDS rounds of N sends
# each, alternating. Needs the shared harness copied to /tmp/huddle-bench-src with its infra started
# (shared/bench/README.md) and JAR the gateway jar's absolute path; JVM flags in FLAGS:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar bash bench/ack-latency.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
client=$(mktemp --suffix .mjs)
cat >"$client" <<JS
import { createDriver } from '$HARNESS/loadgen/lib/drivers/index.js';
import { performance } from 'node:perf_hooks';
const [driver, url, n] = [process.argv[2], process.argv[3], +process.argv[4]];
const d = createDriver(driver);
const s = await d.createSession(url, { name: 'ack-latency' });
let acked;
const conn = await d.connect(url, s.token, { onAck: () => acked() });
const t = [];
for (let i = 0; i < n; i++) {
  const ack = new Promise((r) => (acked = r));
  const a = performance.now();
  conn.send('r' + i, 'message ' + i);
  await ack;
  t.push(performance.now() - a);
  await new Promise((r) => setTimeout(r, 20));
}
t.sort((x, y) => x - y);
const q = (p) => t[Math.min(t.length - 1, Math.floor(t.length * p))].toFixed(2);
console.log(driver.padEnd(8), 'ack p50', q(0.5), 'p90', q(0.9), 'p99', q(0.99), 'ms');
conn.close();
process.exit(0);
JS
cd "$HARNESS"
bash scripts/peers.sh start 3101 >/dev/null
HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -jar ${JAR:?set JAR}" bash scripts/huddle.sh start 3201 >/dev/null
node "$client" huddle http://127.0.0.1:3201 200 >/dev/null # the gateway's warm-up, not reported
for round in $(seq 1 "${ROUNDS:-2}"); do
  node "$client" socketio http://127.0.0.1:3101 "${N:-300}"
  node "$client" huddle http://127.0.0.1:3201 "${N:-300}"
done
bash scripts/huddle.sh stop >/dev/null
bash scripts/peers.sh stop >/dev/null
rm -f "$client"
