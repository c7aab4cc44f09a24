package io.huddle.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WsFramesTest {
    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    @Test
    void accept_key_is_the_one_of_rfc_6455() {
        assertThat(WsFrames.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void a_masked_text_frame_is_the_one_of_rfc_6455() {
        // RFC 6455 section 5.7: a single-frame masked text message "Hello".
        assertThat(WsFrames.text("Hello", MASK))
                .containsExactly(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    }

    @Test
    void frames_of_every_length_encoding_read_back() throws IOException {
        for (int length : new int[] {0, 125, 126, 65_535, 65_536, 200_000}) {
            var payload = new byte[length];
            for (int i = 0; i < length; i++) payload[i] = (byte) i;
            var frame = WsFrames.read(new ByteArrayInputStream(WsFrames.encode(WsFrames.BINARY, payload, MASK)));
            assertThat(frame.fin()).isTrue();
            assertThat(frame.opcode()).isEqualTo(WsFrames.BINARY);
            assertThat(frame.payload()).isEqualTo(payload);
        }
    }

    @Test
    void reads_unmasked_server_frames_and_close_codes() throws IOException {
        var in = new ByteArrayInputStream(
                new byte[] {(byte) 0x88, 0x02, 0x0F, (byte) 0xA1, (byte) 0x81, 0x02, 'h', 'i'});
        var close = WsFrames.read(in);
        assertThat(close.opcode()).isEqualTo(WsFrames.CLOSE);
        assertThat(WsFrames.closeCode(close.payload())).isEqualTo(4001);
        assertThat(new String(WsFrames.read(in).payload(), StandardCharsets.UTF_8))
                .isEqualTo("hi");
        assertThat(WsFrames.closeCode(new byte[0])).isEqualTo(1005);
    }

    @Test
    void quotes_json_strings() {
        assertThat(WsConnection.quoted("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }
}
