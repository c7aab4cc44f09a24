#!/usr/bin/env bash
# Builds the bench module and what it needs (no tests), then runs one of its mains with the given
# arguments: MAIN is a class of io.huddle.bench or of one of its packages (LoadDriver is
# io.huddle.bench.load.LoadDriver). REDIS_URL and DATABASE_URL name the services, as for the gateway.
# Examples (from the repository root):
#   bench/run.sh SendLoad --threads 4 --seconds 20 --sessions per-thread
#   bench/run.sh PlanCheck --sessions 1000 --messages 1000
#   bench/run.sh LoadDriver --help
# JMH benchmarks: bench/jmh.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
main="$1"; shift
./mvnw -B -q -pl bench -am -DskipTests -Dhuddle.client.skip=true package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
class="io.huddle.bench.$main"
if [ ! -f "bench/target/classes/${class//.//}.class" ]; then
  found=$(cd bench/target/classes && find io/huddle/bench -name "$main.class" | head -1)
  [ -n "$found" ] && class=$(echo "${found%.class}" | tr / .)
fi
# gateway-app is a test dependency of bench only (LoadDriverAgainstGatewayTest starts a gateway), yet
# dependency:build-classpath lists it whatever the scope filter says: its shaded jar would put a second copy
# of every library (and of logback.xml, whose warning lands on stdout) on the classpath.
classpath=$(tr ':' '\n' < bench/target/classpath.txt | grep -v '/gateway-app/' | paste -sd: -)
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:$classpath" "$class" "$@"
