/**
 * The WebSocket endpoint {@code /ws} of PROTOCOL.md section 5: authentication and origin at connect,
 * the welcome, client frames parsed and answered, session events turned into server frames, heartbeats
 * and close codes. Work for a socket runs on virtual threads, one frame after the other, never on
 * Jetty's selector threads.
 */
package io.huddle.adapters.web.ws;
