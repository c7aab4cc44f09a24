/**
 * Load drivers run by hand against a real PostgreSQL and Redis, never by the build: {@link
 * io.huddle.bench.SendLoad} (send throughput and latency through the use case) and {@link
 * io.huddle.bench.PlanCheck} (the message log's query plans on a million rows). Each works in a fresh
 * schema and key prefix and removes them when done. Numbers and commands: docs/performance.md.
 */
package io.huddle.bench;
