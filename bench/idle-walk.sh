#!/bin/bash
# bench/idle-walk.sh: what the worker's idle-member job costs PostgreSQL when nobody is idle. Seeds SESSIONS
# live sessions (default 100) of MEMBERS members each (default 300), all seen a minute ago, straight into the
# shared harness's PostgreSQL (5441; a gateway on it once has migrated the schema: run idle-members.sh or
# the side-by-side run first), then runs one worker (default member idle timeout, 30 minutes) for 38 s and
# prints what PostgreSQL did for it: rows of `members` read, scans of its indexes, and the CPU of the
# PostgreSQL processes and of the worker. The seeded sessions are ended at the end (their members deleted).
# Needs the shared harness copied to /tmp/huddle-bench-src with its infra started (shared/bench/README.md):
#   WORKER=$PWD/worker-app/target/huddle-worker.jar bash bench/idle-walk.sh
set -u
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
psql_() { PGPASSWORD=bench psql -q -h 127.0.0.1 -p 5441 -U bench -d huddle -tA "$@"; }
tag=W$(tr -dc '23456789ABCDEFGHJKMNPQRSTUVWXYZ' </dev/urandom | head -c 5)
psql_ <<SQL
INSERT INTO sessions (code, owner_id, name, max_members, created_at, expires_at, last_activity_at)
SELECT '$tag' || lpad(g::text, 4, '0'), 'walk-owner', 'idle walk', 100000, now(), now() + interval '2 hours', now()
FROM generate_series(1, ${SESSIONS:-100}) g;
INSERT INTO members (session_id, id, role, display_name, token_hash, joined_at, last_seen_at)
SELECT s.id, 'walk-' || g, 'member', 'Walker ' || g, md5(s.code || g) || md5(g || s.code),
       now() - interval '1 minute', now() - interval '1 minute'
FROM sessions s, generate_series(1, ${MEMBERS:-300}) g WHERE s.code LIKE '$tag%';
ANALYZE members;
SQL
stats() {
  psql_ -c "select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0), coalesce(idx_scan, 0) from pg_stat_user_tables where relname = 'members'"
}
pgcpu() { # clock ticks of every PostgreSQL process of the harness
  local t=0
  for p in $(pgrep -f 'postgres' ); do
    [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat)))
  done
  echo $t
}
sleep 1
read -r rows0 scans0 < <(stats | tr '|' ' ')
cpu0=$(pgcpu)
log=$(mktemp)
REDIS_URL=redis://127.0.0.1:6391/0 DATABASE_URL=postgresql://bench:bench@127.0.0.1:5441/huddle LOG_LEVEL=INFO \
  PORT=8099 timeout 38 "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "${WORKER:?set WORKER}" >"$log" 2>&1 &
pid=$!
sleep 37.5
# Sampled before the worker exits: its connections' backends go with it, and their CPU with them.
wcpu=$(awk '{print $14 + $15}' /proc/$(pgrep -P $pid java || echo $pid)/stat 2>/dev/null)
cpu1=$(pgcpu)
wait $pid
sleep 1
read -r rows1 scans1 < <(stats | tr '|' ' ')
hz=$(getconf CLK_TCK)
echo "members of live sessions: $(psql_ -c "select count(*) from members m join sessions s on s.id = m.session_id where s.ended_at is null")"
echo "over 38 s: members rows read $((rows1 - rows0)), index scans $((scans1 - scans0)), PostgreSQL CPU $(echo "scale=2; ($cpu1 - $cpu0) / $hz" | bc) s, worker CPU $(echo "scale=2; ${wcpu:-0} / $hz" | bc) s"
psql_ -c "UPDATE sessions SET ended_at = now(), end_reason = 'owner' WHERE code LIKE '$tag%'" \
  -c "DELETE FROM members m USING sessions s WHERE s.id = m.session_id AND s.code LIKE '$tag%'"
rm -f "$log"
