#!/bin/bash
# bench/idle-members.sh: what the worker's idle-member job costs the stores. One gateway (3201) on the
# shared harness's Redis (6391) and PostgreSQL (5441); SESSIONS sessions (default 2) of MEMBERS members
# (default 300) who join over HTTP and never connect; a minute later one worker with
# HUDDLE_MEMBER_IDLE_TIMEOUT=1m runs for 38 s, while redis-cli MONITOR records what reaches Redis. Prints
# the rows of `members` PostgreSQL read meanwhile (pg_stat_user_tables), the roster refills
# (roster-put.lua), the roster reads and every command, and the job's runs. Needs the shared harness copied
# to /tmp/huddle-bench-src with its infra started (shared/bench/README.md), JAR the gateway jar and WORKER
# the worker jar (absolute paths):
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar WORKER=$PWD/worker-app/target/huddle-worker.jar bash bench/idle-members.sh
# Every idle member in the harness's database is removed by the run, not only these: run it twice in a row
# to compare two workers on the same work.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
client=$(mktemp --suffix .mjs)
cat >"$client" <<JS
import { createDriver } from '$HARNESS/loadgen/lib/drivers/index.js';
const d = createDriver('huddle');
const [url, n] = [process.argv[2], +process.argv[3]];
const s = await d.createSession(url, { name: 'idle-members' });
for (let i = 0; i < n; i++) await d.join(url, s.code, 'idle-' + i);
process.exit(0);
JS
cd "$HARNESS"
HUDDLE_CMD="$JAVA_HOME/bin/java -XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -jar ${JAR:?set JAR}" \
  bash scripts/huddle.sh start 3201 >/dev/null
for _ in $(seq 1 "${SESSIONS:-2}"); do node "$client" http://127.0.0.1:3201 "${MEMBERS:-300}"; done
bash scripts/huddle.sh stop >/dev/null
rm -f "$client"
sleep 62
rows() {
  PGPASSWORD=bench psql -h 127.0.0.1 -p 5441 -U bench -d huddle -tAc \
    "select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) from pg_stat_user_tables where relname = 'members'"
}
monitor=$(mktemp); log=$(mktemp)
before=$(rows)
timeout 40 redis-cli -p 6391 monitor >"$monitor" &
sleep 0.3
REDIS_URL=redis://127.0.0.1:6391/0 DATABASE_URL=postgresql://bench:bench@127.0.0.1:5441/huddle LOG_LEVEL=INFO \
  HUDDLE_MEMBER_IDLE_TIMEOUT=1m PORT=8099 timeout 38 "$JAVA_HOME/bin/java" -XX:+UseSerialGC -jar "${WORKER:?set WORKER}" >"$log" 2>&1
wait
after=$(rows)
put=$(sha1sum "$here/adapters-redis/src/main/resources/io/huddle/adapters/redis/roster-put.lua" | cut -c1-40)
echo "members rows read in PostgreSQL: $((after - before))"
echo "roster refills: $(grep -c "\"EVALSHA\" \"$put\"" "$monitor"), roster reads: $(grep -c '"HGETALL" "[^"]*:members"' "$monitor"), Redis commands: $(wc -l <"$monitor")"
grep '"job":"idle-members"' "$log" | sed 's/.*"handled"/handled/; s/}$//'
rm -f "$monitor" "$log"
