#!/bin/bash
# bench/store-outage.sh: what senders see when a store goes away and comes back. One gateway (3201) reaches
# STORE (postgres, the default, or redis) of the shared harness (PostgreSQL 5441, Redis 6391) through
# bench/delay-proxy.mjs (no delay) and the other store directly; three members, each on a socket of their
# own session, send a message every 20 ms. After 3 s the proxy fails for DOWN seconds (default 8): FAULT=kill
# (the default) kills it, so the store's connections close and new ones are refused, and starts a new one
# after; FAULT=stop stops it (SIGSTOP), so the store looks hung: connections stay open and nothing answers,
# until SIGCONT. Prints, per 500 ms from the fault, the sends made, the slowest answer (ack or error) and the
# answers by kind; with JOINS=1 a fourth client also joins a session over HTTP, one join at a time, 100 ms
# apart, and the joins are printed the same way (status or "ok"). Needs the shared harness copied to /tmp/huddle-bench-src with its infra started
# (shared/bench/README.md) and JAR the gateway jar's absolute path:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar bash bench/store-outage.sh
#   STORE=postgres FAULT=stop JAR=… bash bench/store-outage.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
HERE=$(cd "$(dirname "$0")" && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
DOWN=${DOWN:-8}
STORE=${STORE:-postgres}
FAULT=${FAULT:-kill}
case "$STORE" in
  postgres) listen=5442 target=5441 ;;
  redis) listen=6392 target=6391 ;;
  *) echo "STORE is postgres or redis" >&2; exit 2 ;;
esac
work=$(mktemp -d)
cat >"$work/client.mjs" <<JS
import { createDriver } from '$HARNESS/loadgen/lib/drivers/index.js';
import fs from 'node:fs';
const d = createDriver('huddle');
const [url, seconds] = [process.argv[2], +process.argv[3]];
const log = [];
const conns = [];
for (let s = 0; s < 3; s++) {
  const code = (await d.createSession(url, { name: 'store-outage' })).code;
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
const joins = [];
let joining = ${JOINS:-0} === 1;
// Sessions made before the fault, each taking 40 joins (under the default maxMembers): about 150 are made.
const joinInto = [];
for (let s = 0; joining && s < 5; s++) joinInto.push((await d.createSession(url, { name: 'store-outage-joins' })).code);
const joiner = (async () => {
  for (let i = 0; joining; i++) {
    const at = Date.now();
    let answer = 'ok';
    try { await d.join(url, joinInto[Math.floor(i / 40) % joinInto.length], 'joiner' + i); } catch (e) { answer = String(e.status ?? e.name); }
    joins.push([at, Date.now() - at, answer]);
    await new Promise((r) => setTimeout(r, 100));
  }
})();
fs.writeFileSync('$work/ready', '');
let n = 0;
const timer = setInterval(() => {
  for (const { conn, sent } of conns) { const ref = 'r' + n++; sent.set(ref, Date.now()); conn.send(ref, 'x'); }
}, 20);
await new Promise((r) => setTimeout(r, seconds * 1000));
clearInterval(timer);
await new Promise((r) => setTimeout(r, 3000));
joining = false;
const killedAt = +fs.readFileSync('$work/killed', 'utf8');
const report = (what, entries) => {
  const buckets = new Map();
  for (const [at, ms, answer] of entries) {
    const b = Math.floor((at - killedAt) / 500);
    if (b < -1) continue;
    const e = buckets.get(b) ?? { n: 0, max: 0, answers: {} };
    e.n++; e.max = Math.max(e.max, ms); e.answers[answer] = (e.answers[answer] ?? 0) + 1;
    buckets.set(b, e);
  }
  for (const b of [...buckets.keys()].sort((x, y) => x - y)) {
    const e = buckets.get(b);
    console.log(\`+\${b * 500} ms: \${e.n} \${what}, slowest answer \${e.max} ms, \${JSON.stringify(e.answers)}\`);
  }
};
report('sends', log);
if (joins.length) report('joins', joins);
console.log('never answered:', conns.reduce((sum, { sent }) => sum + sent.size, 0));
process.exit(0);
JS
cd "$HARNESS"
node "$HERE/delay-proxy.mjs" $listen $target 0 & proxy=$!
sleep 0.5
if [ "$STORE" = postgres ]; then export HUDDLE_DATABASE_URL=postgresql://bench:bench@127.0.0.1:5442/huddle
else export HUDDLE_REDIS_URL=redis://127.0.0.1:6392/0; fi
HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -jar ${JAR:?set JAR}" bash scripts/huddle.sh start 3201 >/dev/null
node "$work/client.mjs" http://127.0.0.1:3201 $((DOWN + 7)) & client=$!
while [ ! -f "$work/ready" ]; do kill -0 $client 2>/dev/null || { echo "the client failed" >&2; break; }; sleep 0.1; done
sleep 3
if [ "$FAULT" = stop ]; then kill -STOP $proxy; else kill $proxy; fi
date +%s%3N >"$work/killed"; echo "$STORE's proxy: $FAULT"
sleep "$DOWN"
if [ "$FAULT" = stop ]; then kill -CONT $proxy; else node "$HERE/delay-proxy.mjs" $listen $target 0 & proxy=$!; fi
echo "$STORE's proxy back at +$(( $(date +%s%3N) - $(cat "$work/killed") )) ms"
wait $client
kill $proxy
bash scripts/huddle.sh stop >/dev/null
rm -rf "$work"
