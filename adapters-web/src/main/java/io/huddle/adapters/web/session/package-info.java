/**
 * The HTTP API of sessions, members and presence (PROTOCOL.md section 4). {@link
 * io.huddle.adapters.web.session.SessionRoutes} is the door; the wire shapes and the reading of bodies and
 * query parameters are package-private.
 */
package io.huddle.adapters.web.session;
