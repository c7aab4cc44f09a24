#!/bin/bash
# bench/cluster-fanout.sh N: fan-out on a Redis Cluster of N masters (no replicas, ports 71N1..71NN), two
# gateways on it (3201, 3202) and the shared harness's PostgreSQL (5441, a database clusterN), the harness's
# loadgen at each of $RATES (30 sessions x 10 members, 15 s, after a 10 s warm-up); results appended to $OUT
# tagged masters-N-R<rate>. Needs the shared harness copied to /tmp/huddle-bench-src with its infra started
# (shared/bench/README.md), redis-server and redis-cli 7 on the PATH, and JAR the gateway jar's absolute path:
#   JAR=$PWD/gateway-app/target/huddle-gateway.jar OUT=/tmp/cluster.jsonl RATES="1000 2000" bash bench/cluster-fanout.sh 3
set -u
N=$1; D=/tmp/cluster-bench/$N; rm -rf $D; mkdir -p $D
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
nodes=()
for i in $(seq 1 $N); do
  p=$((7100+10*N+i)); mkdir -p $D/$p
  redis-server --port $p --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file $D/$p/nodes.conf --cluster-node-timeout 2000 \
    --save '' --appendonly no --daemonize yes --dir $D/$p --pidfile $D/$p/redis.pid --logfile $D/$p/redis.log
  nodes+=(127.0.0.1:$p)
done
sleep 1
if [ $N -ge 3 ]; then redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >/dev/null
else # redis-cli refuses fewer than 3 masters: assign the slots by hand
  per=$((16384 / N)); start=0
  for i in $(seq 1 $N); do p=$((7100+10*N+i)); end=$((i==N ? 16383 : start+per-1)); redis-cli -p $p cluster addslotsrange $start $end >/dev/null; start=$((end+1)); done
  for i in $(seq 2 $N); do redis-cli -p $((7101+10*N)) cluster meet 127.0.0.1 $((7100+10*N+i)) >/dev/null; done
fi
for t in $(seq 1 30); do
  ok=1; for i in $(seq 1 $N); do info=$(redis-cli -p $((7100+10*N+i)) cluster info); echo "$info" | grep -q "cluster_state:ok" || ok=0; echo "$info" | grep -q "cluster_known_nodes:$N" || ok=0; done
  [ $ok = 1 ] && break; sleep 1; done
redis-cli -p $((7101+10*N)) cluster info | grep cluster_state
psql -q -h 127.0.0.1 -p 5441 -U postgres -c "DROP DATABASE IF EXISTS cluster$N" -c "CREATE DATABASE cluster$N OWNER bench"
cd ${HARNESS:-/tmp/huddle-bench-src}
SEEDS=$(IFS=,; echo "${nodes[*]}")
BIG=999999999
pids=()
for port in 3201 3202; do
  PORT=$port HUDDLE_INSTANCE_ID=huddle-$port REDIS_CLUSTER_NODES=$SEEDS DATABASE_URL=postgresql://bench:bench@127.0.0.1:5441/cluster$N \
  HUDDLE_AUTH_MODE=open LOG_LEVEL=WARN RATE_LIMIT_MESSAGE=$BIG/60s RATE_LIMIT_MESSAGE_IP=$BIG/60s RATE_LIMIT_BURST=$BIG/1s \
  RATE_LIMIT_CONNECT=$BIG/60s RATE_LIMIT_JOIN=$BIG/15m RATE_LIMIT_API=$BIG/15m RATE_LIMIT_STRICT=$BIG/15m \
    nohup $JAVA_HOME/bin/java -XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=128m -jar $JAR > $D/huddle-$port.log 2>&1 &
  pids+=($!)
done
for port in 3201 3202; do for t in $(seq 1 60); do curl -fsS http://127.0.0.1:$port/ping >/dev/null 2>&1 && break; sleep 0.5; done; done
infra=(); for i in $(seq 1 $N); do infra+=(--infra-pid redis$i=$(cat $D/$((7100+10*N+i))/redis.pid)); done
node loadgen/loadgen.js --driver huddle --urls http://127.0.0.1:3201,http://127.0.0.1:3202 --workers 1 --scenario fanout --sessions 10 --members 10 --rate 500 --duration 10 --out /tmp/warm.jsonl >/dev/null 2>&1
for r in $RATES; do
  node loadgen/loadgen.js --driver huddle --urls http://127.0.0.1:3201,http://127.0.0.1:3202 --workers 2 --pid server1=${pids[0]} --pid server2=${pids[1]} "${infra[@]}" \
    --out $OUT --tag masters-$N-R$r --scenario fanout --sessions 30 --members 10 --rate $r --duration 15 >/dev/null 2>&1; sleep 2
done
kill ${pids[@]}; sleep 3
for i in $(seq 1 $N); do redis-cli -p $((7100+10*N+i)) shutdown nosave >/dev/null 2>&1; done; sleep 2
