/**
 * The HTTP API of a session's shared state (PROTOCOL.md section 4): read it with its {@code ETag}, write
 * it, optionally with {@code If-Match}. {@link io.huddle.adapters.web.state.StateRoutes} is the door;
 * {@link io.huddle.adapters.web.state.StateJson} is the State object, also for the WebSocket frames
 * that carry one.
 */
package io.huddle.adapters.web.state;
