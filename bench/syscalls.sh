#!/bin/bash
# bench/syscalls.sh: system calls and context switches of one server instance under fan-out, Huddle or the
# Node.js peer, so that the two can be compared call by call. Two instances of WHO (huddle: 3201, 3202;
# peer: 3101, 3102) on the shared harness's Redis and PostgreSQL; for Huddle the harness's 10 s warm-up at
# 500 msgs/s first; then the harness's fan-out (10 sessions x 10 members) at RATE (default 200) for 25 s,
# and over 10 s in its middle `perf stat` on the first instance's process (every thread): system calls by
# kind, context switches, CPU time. Prints perf's table, then the fan-out's summary line. Needs `perf`
# (linux-perf) and the shared harness copied to /tmp/huddle-bench-src with its infra started
# (shared/bench/README.md):
#   WHO=peer bash bench/syscalls.sh
#   WHO=huddle JAR=$PWD/gateway-app/target/huddle-gateway.jar bash bench/syscalls.sh
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
RATE=${RATE:-200}
OUT=$(mktemp --suffix .jsonl)
STAT=$(mktemp)
EVENTS=raw_syscalls:sys_enter,context-switches,task-clock
for call in futex read write writev epoll_wait epoll_pwait epoll_ctl poll; do EVENTS+=",syscalls:sys_enter_$call"; done
cd "$HARNESS"
case "${WHO:?WHO=huddle or WHO=peer}" in
  peer)
    bash scripts/peers.sh start >/dev/null
    pids=$(bash scripts/peers.sh pids); urls=http://127.0.0.1:3101,http://127.0.0.1:3102; driver=socketio ;;
  huddle)
    HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -jar ${JAR:?set JAR}" bash scripts/huddle.sh start >/dev/null
    pids=$(bash scripts/huddle.sh pids); urls=http://127.0.0.1:3201,http://127.0.0.1:3202; driver=huddle
    node loadgen/loadgen.js --driver huddle --urls "$urls" --workers 1 --scenario fanout --sessions 10 \
      --members 10 --rate 500 --duration 10 --out /tmp/huddle-warmup.jsonl >/dev/null ;;
  *) echo "WHO=huddle or WHO=peer" >&2; exit 2 ;;
esac
node loadgen/loadgen.js --driver "$driver" --urls "$urls" --workers 2 --scenario fanout --sessions 10 \
  --members 10 --rate "$RATE" --duration 25 --out "$OUT" >/dev/null 2>&1 &
loadgen=$!
sleep 12
perf stat -e "$EVENTS" -p "${pids%%,*}" -o "$STAT" -- sleep 10 >/dev/null 2>&1
wait $loadgen
if [ "$WHO" = peer ]; then bash scripts/peers.sh stop >/dev/null; else bash scripts/huddle.sh stop >/dev/null; fi
grep -v '^#\|^$' "$STAT"
node loadgen/summarize.js "$OUT" | grep fanout
rm -f "$OUT" "$STAT"
