/**
 * The HTTP API of messages (PROTOCOL.md section 4): send, history, search, stats and clear. {@link
 * io.huddle.adapters.web.message.MessageRoutes} is the door; {@link io.huddle.adapters.web.message.MessageJson}
 * is the Message object, also for the WebSocket frames that carry one.
 */
package io.huddle.adapters.web.message;
