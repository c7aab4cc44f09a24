package io.huddle.runtime.settings;

/** {@code json}: one object a line, for machines; {@code text}: for people. */
public enum LogFormat {
    JSON,
    TEXT
}
