/**
 * Measurements run by hand against a real PostgreSQL and Redis, never by the build: {@link
 * io.huddle.bench.SendLoad} (send throughput and latency through the use case), {@link
 * io.huddle.bench.PlanCheck} (the message log's query plans on a million rows), {@link
 * io.huddle.bench.SendPathBenchmark} (JMH, the send path below the edge) and, in {@code load}, a load driver
 * for a running deployment. Each works in a fresh schema and key prefix and removes them when done. The JMH
 * benchmarks of package-private adapter code sit in those adapters' packages within this module. Numbers and
 * commands: docs/performance.md.
 */
package io.huddle.bench;
