package io.huddle.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * RFC 6455 framing as a client needs it: every frame it writes is masked, the frames it reads are not;
 * no extension is offered, so none is negotiated. Pure: bytes in, bytes out.
 */
final class WsFrames {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** Larger frames than this are refused: the gateway closes with 1009 at 64 KiB, welcomes stay far below. */
    static final int MAX_PAYLOAD = 16 << 20;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WsFrames() {}

    /** One frame as read: {@code fin}, its opcode and its (unmasked) payload. */
    record Frame(boolean fin, int opcode, byte[] payload) {}

    /** A whole client frame: FIN set, {@code payload} masked with {@code mask} (4 bytes). */
    static byte[] encode(int opcode, byte[] payload, byte[] mask) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        var frame = new byte[header + 4 + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < length; i++) frame[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        return frame;
    }

    static byte[] text(String text, byte[] mask) {
        return encode(TEXT, text.getBytes(StandardCharsets.UTF_8), mask);
    }

    static byte[] close(int code, byte[] mask) {
        return encode(CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, mask);
    }

    /** The close code a close frame's payload carries; 1005 (none given) when it has none. */
    static int closeCode(byte[] payload) {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    /** Reads one frame; unmasks it if the server masked it (it must not, but reading it costs nothing). */
    static Frame read(InputStream in) throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) throw new EOFException("connection closed");
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (long) readByte(in) << 8 | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) length = length << 8 | readByte(in);
        }
        if (length < 0 || length > MAX_PAYLOAD) throw new IOException("frame of " + length + " bytes");
        byte[] mask = masked ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length || (mask != null && mask.length != 4)) throw new EOFException("frame cut short");
        if (mask != null) for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
        return new Frame(fin, opcode, payload);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException("frame cut short");
        return b;
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer to {@code key}. */
    static String accept(String key) {
        try {
            var sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
