/**
 * In-memory implementations of every outbound port: the embedded mode's stores, the fallback while
 * Redis is unreachable, and fast stand-ins in tests. Entries of a session vanish when it expires.
 */
package io.huddle.application.memory;
