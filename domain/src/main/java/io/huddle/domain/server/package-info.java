/** Backends acting on sessions: the server keys they hold (PROTOCOL.md section 10). */
package io.huddle.domain.server;
