/**
 * The stores as the wiring composes them in connected mode: PostgreSQL as the system of record with Redis
 * hot copies read through it, and this process's own fallbacks (sockets, events) while Redis is down
 * (PROTOCOL.md section 8); plus the repairs that bring Redis back in line when it answers again.
 */
package io.huddle.runtime.store;
