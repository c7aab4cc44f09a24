#!/bin/bash
# bench/headcount-redis.sh: Redis's own time for one headcount (headcount.lua) in a session of N members,
# all online, from INFO commandstats after CALLS calls. Writes a throwaway roster and online hash under
# hc-bench:{X}:* on the Redis at PORT (then deletes them) and resets that Redis's command statistics.
# BEFORE=<git revision> also times that revision's script on the same data (its KEYS were two then).
#   N=5000 BEFORE=1312a69 bash bench/headcount-redis.sh
set -eu
PORT=${PORT:-6379}
N=${N:-5000}
CALLS=${CALLS:-50}
cd "$(dirname "$0")/.."
SCRIPT=adapters-redis/src/main/resources/io/huddle/adapters/redis/headcount.lua
cli() { redis-cli -p "$PORT" "$@"; }
members='hc-bench:{X}:members' online='hc-bench:{X}:online' strays='hc-bench:{X}:online:strays'
expires=$(( $(date +%s%3N) + 3600000 ))
{
  echo "DEL $members $online $strays"
  for i in $(seq 1 "$N"); do
    printf 'HSET %s m_%06d 1|2|member|tok|Name\nHSET %s m_%06d 1\n' "$members" "$i" "$online" "$i"
  done
  echo "HSET $members expiresAt $expires"
  echo "HSET $online expiresAt $expires"
} | cli >/dev/null
per_call() { # sha, key count, keys...
  cli CONFIG RESETSTAT >/dev/null
  for _ in $(seq 1 "$CALLS"); do cli EVALSHA "$@" "$(date +%s%3N)" >/dev/null; done
  cli INFO commandstats | awk -F'[=,]' '/^cmdstat_evalsha/ {print $6}'
}
now_sha=$(cli -x SCRIPT LOAD <"$SCRIPT")
echo "headcount of $N online members, this checkout: $(per_call "$now_sha" 3 "$members" "$online" "$strays") us a call"
if [ -n "${BEFORE:-}" ]; then
  before_sha=$(git show "$BEFORE:$SCRIPT" | cli -x SCRIPT LOAD)
  echo "headcount of $N online members, $BEFORE: $(per_call "$before_sha" 2 "$members" "$online") us a call"
fi
cli DEL "$members" "$online" "$strays" >/dev/null
