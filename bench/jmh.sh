#!/usr/bin/env bash
# Builds the bench module (no tests) and runs its JMH benchmarks, printing JMH's table at the end.
# Arguments go to JMH (org.openjdk.jmh.Main): a regular expression picks benchmarks, -l lists them, -h
# lists JMH's options. Defaults suit a 2-core machine: one fork, 3 warm-up and 5 measured iterations of
# 2 s each (-f 1 -wi 3 -w 2s -i 5 -r 2s); an option given here replaces its default.
# RateLimiterBenchmark needs REDIS_URL, SendPathBenchmark with stores=redis+postgres also DATABASE_URL;
# they work under a key prefix and a schema of their own and delete them at the end.
#   bench/jmh.sh                                        every benchmark (about 7 minutes)
#   bench/jmh.sh FramesBenchmark                        one class
#   bench/jmh.sh 'SendPathBenchmark.sendOne' -p stores=memory
#   bench/jmh.sh EventCodec -prof gc                    with the allocation per operation
#   bench/jmh.sh Frames -i 10 -r 5s                     longer measurements
set -euo pipefail
cd "$(dirname "$0")/.."
defaults=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
options=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  given=false
  for arg in "$@"; do [ "$arg" = "${defaults[k]}" ] && given=true; done
  $given || options+=("${defaults[k]}" "${defaults[k + 1]}")
done
./mvnw -B -q -pl bench -am -DskipTests -Dhuddle.client.skip=true package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
# gateway-app is a test dependency of bench only (LoadDriverAgainstGatewayTest starts a gateway), yet
# dependency:build-classpath lists it whatever the scope filter says: its shaded jar would put a second copy
# of every library (and of logback.xml, whose warning lands on stdout) on the classpath.
classpath=$(tr ':' '\n' < bench/target/classpath.txt | grep -v '/gateway-app/' | paste -sd: -)
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "bench/target/classes:$classpath" \
  org.openjdk.jmh.Main "${options[@]}" "$@"
