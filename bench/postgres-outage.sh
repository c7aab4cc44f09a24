#!/bin/bash
# bench/postgres-outage.sh: what senders see when PostgreSQL goes away and comes back. One gateway (3201)
# reaches the shared harness's PostgreSQL (5441) through bench/delay-proxy.mjs (no delay) on 5442 and Redis
# (6391) directly; three members, each on a socket of their own session, send a message every 20 ms. After
# 3 s the proxy is killed (PostgreSQL's connections close, new ones are refused), DOWN seconds later (default
# 8) it starts again. Prints, per 500 ms from the kill, the sends made, the slowest answer (ack or error)
# and the answers by kind. Needs the shared harness copied to /tmp/huddle-bench-src with its infra started
# (shared/bench/README.md) and JAR the gateway jar's absolute path:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar bash bench/postgres-outage.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
HERE=$(cd "$(dirname "$0")" && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
DOWN=${DOWN:-8}
work=$(mktemp -d)
cat >"$work/client.mjs" <<JS
import { createDriver } from '$HARNESS/loadgen/lib/drivers/index.js';
import fs from 'node:fs';
const d = createDriver('huddle');
const [url, seconds] = [process.argv[2], +process.argv[3]];
const log = [];
const conns = [];
for (let s = 0; s < 3; s++) {
  const code = (await d.createSession(url, { name: 'postgres-outage' })).code;
  const member = await d.join(url, code, 'sender' + s);
  const sent = new Map();
  const onAck = (ref, ok, why) => {
    const at = sent.get(ref);
    if (at === undefined) return;
    sent.delete(ref);
    log.push([at, Date.now() - at, ok ? 'ack' : why]);
  };
  conns.push({ conn: await d.connect(url, member.token, { onAck }), sent });
}
fs.writeFileSync('$work/ready', '');
let n = 0;
const timer = setInterval(() => {
  for (const { conn, sent } of conns) { const ref = 'r' + n++; sent.set(ref, Date.now()); conn.send(ref, 'x'); }
}, 20);
await new Promise((r) => setTimeout(r, seconds * 1000));
clearInterval(timer);
await new Promise((r) => setTimeout(r, 3000));
const killedAt = +fs.readFileSync('$work/killed', 'utf8');
const buckets = new Map();
for (const [at, ms, answer] of log) {
  const b = Math.floor((at - killedAt) / 500);
  if (b < -1) continue;
  const e = buckets.get(b) ?? { n: 0, max: 0, answers: {} };
  e.n++; e.max = Math.max(e.max, ms); e.answers[answer] = (e.answers[answer] ?? 0) + 1;
  buckets.set(b, e);
}
for (const b of [...buckets.keys()].sort((x, y) => x - y)) {
  const e = buckets.get(b);
  console.log(\`+\${b * 500} ms: \${e.n} sends, slowest answer \${e.max} ms, \${JSON.stringify(e.answers)}\`);
}
console.log('never answered:', conns.reduce((sum, { sent }) => sum + sent.size, 0));
process.exit(0);
JS
cd "$HARNESS"
node "$HERE/delay-proxy.mjs" 5442 5441 0 & proxy=$!
sleep 0.5
HUDDLE_DATABASE_URL=postgresql://bench:bench@127.0.0.1:5442/huddle \
  HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -jar ${JAR:?set JAR}" bash scripts/huddle.sh start 3201 >/dev/null
node "$work/client.mjs" http://127.0.0.1:3201 $((DOWN + 7)) & client=$!
while [ ! -f "$work/ready" ]; do sleep 0.1; done
sleep 3
kill $proxy; date +%s%3N >"$work/killed"; echo "PostgreSQL's proxy killed"
sleep "$DOWN"
node "$HERE/delay-proxy.mjs" 5442 5441 0 & proxy=$!
echo "PostgreSQL's proxy back at +$(( $(date +%s%3N) - $(cat "$work/killed") )) ms"
wait $client
kill $proxy
bash scripts/huddle.sh stop >/dev/null
rm -rf "$work"
