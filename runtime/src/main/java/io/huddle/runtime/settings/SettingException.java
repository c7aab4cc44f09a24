package io.huddle.runtime.settings;

/** One setting is wrong; the message is the single line printed before exiting with code 2. */
public final class SettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SettingException(String setting, String problem) {
        super(setting + ": " + problem);
    }

    /** A value of a setting that may hold a secret is never echoed. */
    public static SettingException of(String setting, String value, boolean secret, String accepts) {
        String shown = secret ? "the value" : "\"" + printable(value) + "\"";
        return new SettingException(setting, shown + " " + accepts);
    }

    private static String printable(String value) {
        String clipped = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return clipped.replaceAll("\\p{Cntrl}", "?");
    }
}
