#!/bin/bash
# bench/profile-fanout.sh: a CPU profile of one gateway under the harness's fan-out, by thread. Two gateways
# (3201, 3202) on the harness's Redis and PostgreSQL, its 10 s warm-up at 500 msgs/s, then its fan-out
# (10 sessions x 10 members) at RATE for 20 s; async-profiler (AP: the unzipped tools.profiler:async-profiler
# jar, docs/performance.md) is attached to gateway 3201 4 s into it for 12 s, CPU samples every 1 ms (or the
# profiler's EVENT, e.g. EVENT=context-switches: where threads stop running), one stack per thread, written
# collapsed to OUT_FILE. Needs the shared harness copied to /tmp/huddle-bench-src
# with its infra started (shared/bench/README.md):
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar AP=/tmp/ap RATE=1000 bash bench/profile-fanout.sh
# Shares by thread (pools' numbers cut off): awk '{n=$NF; split($0,f,";"); t=f[1]; sub(/ tid=.*$/,"",t);
#   sub(/-?[0-9]+$/,"",t); s[t]+=n; all+=n} END {for (k in s) printf "%5.1f%% %s]\n", 100*s[k]/all, k}' \
#   /tmp/fanout-profile.collapsed | sort -rn
set -u
HARNESS=${HARNESS:-/tmp/huddle-bench-src}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FLAGS=${FLAGS:--XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m}
RATE=${RATE:-1000}
OUT_FILE=${OUT_FILE:-/tmp/fanout-profile.collapsed}
EVENT=${EVENT:-cpu,interval=1ms}
LIB=${AP:?set AP to the unzipped async-profiler}/linux-x64/libasyncProfiler.so
cd "$HARNESS"
HUDDLE_CMD="$JAVA_HOME/bin/java $FLAGS -XX:+ExitOnOutOfMemoryError -XX:+EnableDynamicAgentLoading -jar ${JAR:?set JAR}" \
  bash scripts/huddle.sh start 3201 3202 >/dev/null
pids=$(bash scripts/huddle.sh pids)
pid=${pids%%,*}
urls=http://127.0.0.1:3201,http://127.0.0.1:3202
node loadgen/loadgen.js --driver huddle --urls $urls --workers 1 --scenario fanout --sessions 10 --members 10 \
  --rate 500 --duration 10 --out /tmp/huddle-warmup.jsonl >/dev/null 2>&1
out=$(mktemp --suffix .jsonl)
node loadgen/loadgen.js --driver huddle --urls $urls --workers 2 --out "$out" --scenario fanout \
  --sessions 10 --members 10 --rate "$RATE" --duration 20 >/dev/null 2>&1 &
sleep 4
"$JAVA_HOME/bin/jcmd" "$pid" JVMTI.agent_load "$LIB" "\"start,event=$EVENT,threads\"" >/dev/null
sleep 12
"$JAVA_HOME/bin/jcmd" "$pid" JVMTI.agent_load "$LIB" "\"stop,file=$OUT_FILE,collapsed,threads\"" >/dev/null
wait
bash scripts/huddle.sh stop >/dev/null
node loadgen/summarize.js "$out" | tail -2
echo "profile: $OUT_FILE"
