#!/bin/bash
# bench/close-storm.sh: a storm of closing sockets on one gateway. N idle sockets (the harness's idle
# scenario, 100 members a session, held open), then either every client killed at once (MODE=kill: a
# network blip, a balancer dropping its connections) or the gateway sent SIGTERM (MODE=sigterm: a rollout).
# Prints the members Redis still counts online (each second after a kill; once the gateway has exited after
# a SIGTERM) and the gateway log's warnings by kind: whether the breaker opened, unregistrations that failed.
# Needs the shared harness copied to /tmp/huddle-bench-src with its infra started (shared/bench/README.md);
# it FLUSHes the harness's Redis (6391) first, so that only this run's sessions are counted. With MODE=sigterm,
# LATE=n also sends n new clients at the gateway while it drains:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar N=18000 MODE=kill bash bench/close-storm.sh
#   JAR=… N=9000 MODE=sigterm LATE=300 bash bench/close-storm.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
N=${N:-9000}
MODE=${MODE:-kill}
REDIS_PORT=${REDIS_PORT:-6391}
cd "$HARNESS"
redis-cli -p "$REDIS_PORT" flushall >/dev/null
LOG_LEVEL=INFO HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -Xmx1g -XX:+ExitOnOutOfMemoryError -jar ${JAR:?set JAR}" \
  bash scripts/huddle.sh start 3201 >/dev/null
pid=$(bash scripts/huddle.sh pids)
ulimit -n 20000 # two load generator workers, N/2 descriptors each
node loadgen/loadgen.js --driver huddle --urls http://127.0.0.1:3201 --workers 2 --out /tmp/close-storm.jsonl \
  --scenario idle --connections "$N" --idle-sessions $((N / 100)) --hold 600 --concurrency 100 >/dev/null 2>&1 &
loadgen=$!
for _ in $(seq 1 120); do
  sleep 2
  [ "$(ls /proc/$pid/fd | wc -l)" -ge "$N" ] && break
done
sleep 15 # every welcome and presence event delivered
# Members online by Redis's count: each session's online hash, less its expiresAt field.
online() {
  redis-cli -p "$REDIS_PORT" --scan --pattern '*:online' | while read -r key; do redis-cli -p "$REDIS_PORT" hlen "$key"; done |
    awk '{n += $1 - 1} END {print n + 0}'
}
echo "sockets open $(( $(ls /proc/$pid/fd | wc -l) - 100 )) (about), members online $(online)"
if [ "$MODE" = kill ]; then
  pkill -9 -P "$loadgen"; kill -9 "$loadgen" 2>/dev/null
  for second in $(seq 1 10); do sleep 1; echo "${second} s after the kill: members online $(online)"; done
  bash scripts/huddle.sh stop >/dev/null
else
  started=$(date +%s%N)
  kill -TERM "$pid"
  if [ "${LATE:-0}" -gt 0 ]; then
    # Clients that keep arriving while the gateway drains (a balancer that ignores readiness): LATE members
    # join one session and open a socket each, 10 at a time; none of them may be left counted online.
    node loadgen/loadgen.js --driver huddle --urls http://127.0.0.1:3201 --workers 1 --out /tmp/close-storm-late.jsonl \
      --scenario idle --connections "$LATE" --idle-sessions 1 --hold 60 --concurrency 10 >/dev/null 2>&1 &
    late=$!
  fi
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  [ -n "${late:-}" ] && { pkill -9 -P "$late"; kill -9 "$late" 2>/dev/null; }
  echo "gateway exited $(( ($(date +%s%N) - started) / 1000000 )) ms after SIGTERM; members online $(online)"
  pkill -9 -P "$loadgen"; kill -9 "$loadgen" 2>/dev/null
fi
wait 2>/dev/null
echo "the gateway log's warnings, by kind (and the drain's report):"
python3 - "${BENCH_DIR:-/tmp/huddle-bench}/huddle-3201.log" <<'PY'
import collections, json, re, sys
kinds = collections.Counter()
for line in open(sys.argv[1]):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    message = entry.get('message', '')
    if entry.get('level') in ('WARN', 'ERROR'):
        kinds[entry['level'] + ' ' + re.sub(r'\b[A-Z0-9]{6}\b|\d+', 'N', message[:100])] += 1
    elif 'unregistered' in message:
        print('  ', message, entry.get('sockets'), 'sockets in', entry.get('ms'), 'ms')
for kind, count in kinds.most_common(12):
    print(f'{count:7d} {kind}')
PY
