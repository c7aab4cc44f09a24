/**
 * A load driver for a running Huddle deployment ({@link io.huddle.bench.load.LoadDriver}): the fan-out,
 * idle and join scenarios of the shared side-by-side harness, over the real protocol (HTTP and a
 * WebSocket client of its own that can bind each connection to a chosen source address), printing the
 * harness's figures in its one-line-per-scenario shape. JDK and Jackson only.
 */
package io.huddle.bench.load;
