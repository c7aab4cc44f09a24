#!/usr/bin/env bash
# Builds the bench module and what it needs (no tests), then runs one of its mains with the given
# arguments. REDIS_URL and DATABASE_URL name the services, as for the gateway. Examples (from the
# repository root):
#   bench/run.sh SendLoad --threads 4 --seconds 20 --sessions per-thread
#   bench/run.sh PlanCheck --sessions 1000 --messages 1000
set -euo pipefail
cd "$(dirname "$0")/.."
main="$1"; shift
./mvnw -B -q -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "io.huddle.bench.$main" "$@"
