/**
 * Rate limits at the HTTP edge (PROTOCOL.md section 7): the client IP behind trusted proxies, which
 * action a request is, the limiter's answer as {@code RateLimit-*} headers or {@code 429}, checked
 * before any other work; and the checks the WebSocket endpoint asks for its upgrades and frames.
 */
package io.huddle.adapters.web.limit;
