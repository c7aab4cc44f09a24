/**
 * The process's rate limiter as the wiring builds it: Redis with a local fallback while Redis is down
 * (PROTOCOL.md section 8), or in-process alone in embedded mode; measured either way.
 */
package io.huddle.runtime.limit;
