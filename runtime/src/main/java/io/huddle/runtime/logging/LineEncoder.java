package io.huddle.runtime.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * What both log formats share: one event a line, no header or footer, this process's instance id.
 * Public because logback sets {@code instance} by reflection from {@code logback.xml}.
 */
public abstract class LineEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NO_BYTES = new byte[0];

    private String instance = "";

    /** This process's {@code HUDDLE_INSTANCE_ID}; an empty value leaves the field out. */
    public void setInstance(String instance) {
        this.instance = instance == null ? "" : instance;
    }

    protected String instance() {
        return instance;
    }

    @Override
    public byte[] headerBytes() {
        return NO_BYTES;
    }

    @Override
    public byte[] footerBytes() {
        return NO_BYTES;
    }
}
