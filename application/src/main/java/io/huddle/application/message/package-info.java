/**
 * Message use cases: sending (stored in the log first, then copied to the recent messages and
 * published), reading history, searching, stats and clearing a session's history.
 */
package io.huddle.application.message;
