/**
 * Shared-state use cases: reading a session's state and writing it, optionally only on top of a
 * given version. Both edges (HTTP and WebSocket) call the same use cases.
 */
package io.huddle.application.state;
