#!/bin/bash
# bench/list-sessions.sh: the time of a session list page with every session on it live (GET
# /api/server/sessions?limit=LIMIT, default 100), one request at a time, against one gateway on the machine's
# Redis (127.0.0.1:6379, under a fresh key prefix) and PostgreSQL (127.0.0.1:5432, database huddle_list_bench,
# made afresh). SESSIONS live sessions (default 100) are made first; of REQUESTS requests (default 400) the
# first 100 warm up and the rest are measured. Each list reads the sessions from PostgreSQL, then their hot
# copies and counts from Redis. JAR is the gateway jar's absolute path:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar bash bench/list-sessions.sh
set -eu
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
PORT=${PORT:-47311}
KEY=hk_listbenchlistbenchlistbenchlistbench0123
DB=huddle_list_bench
psql -q -U postgres -h 127.0.0.1 -c "drop database if exists $DB" -c "create database $DB" >/dev/null
log=$(mktemp)
PORT=$PORT REDIS_URL=redis://127.0.0.1:6379 DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$DB \
  HUDDLE_REDIS_KEY_PREFIX=listbench$RANDOM HUDDLE_SERVER_KEYS="bench:$KEY" HUDDLE_AUTH_MODE=open LOG_LEVEL=WARN \
  RATE_LIMIT_SERVER=999999999/60s "$JAVA" -jar "${JAR:?set JAR}" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.3; done
node - "http://127.0.0.1:$PORT" "$KEY" "${SESSIONS:-100}" "${LIMIT:-100}" "${REQUESTS:-400}" <<'JS'
const [base, key, sessions, limit, requests] = process.argv.slice(2);
const auth = { authorization: 'Bearer ' + key, 'content-type': 'application/json' };
for (let i = 0; i < +sessions; i++) {
  const r = await fetch(base + '/api/server/sessions', {
    method: 'POST', headers: auth, body: JSON.stringify({ ownerId: 'owner-' + (i % 5), name: 'S' + i }) });
  if (r.status !== 201) throw new Error('create: ' + r.status + ' ' + (await r.text()));
}
const took = [];
for (let i = 0; i < +requests; i++) {
  const start = process.hrtime.bigint();
  const r = await fetch(base + '/api/server/sessions?limit=' + limit, { headers: auth });
  const page = await r.json();
  if (r.status !== 200 || page.sessions.length !== Math.min(+limit, +sessions)) throw new Error('list: ' + r.status);
  took.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const measured = took.slice(100).sort((a, b) => a - b);
const at = (q) => measured[Math.min(measured.length - 1, Math.floor(q * measured.length))].toFixed(2);
const mean = (measured.reduce((a, b) => a + b, 0) / measured.length).toFixed(2);
console.log(`list of ${limit} live sessions: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, mean ${mean} ms (${measured.length} requests)`);
JS
