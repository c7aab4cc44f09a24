/**
 * Real time: sockets opening and closing (presence), the welcome, typing, and the fan-out that
 * delivers each session's events to this gateway's sockets, messages strictly in seq order.
 */
package io.huddle.application.realtime;
