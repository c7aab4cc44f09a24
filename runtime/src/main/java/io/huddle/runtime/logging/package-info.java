/**
 * Logging for both processes: logback configured in code, one JSON object (or one human line) per event,
 * and redaction of secrets done by the encoders themselves, so no caller can forget it.
 */
package io.huddle.runtime.logging;
