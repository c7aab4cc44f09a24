package io.huddle.adapters.web.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huddle.application.realtime.ClientRequest;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml against the gateway: it describes exactly the frames the protocol has, every client
 * frame it describes is one the edge reads, and the frame checker every socket test runs
 * ({@link FrameContract}) catches a frame that departs from its schema.
 */
class AsyncApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> SERVER_FRAMES = Set.of(
            "welcome",
            "message:new",
            "message:ack",
            "presence",
            "typing",
            "state:updated",
            "state:ack",
            "history",
            "pong",
            "session:warning",
            "session:terminated",
            "error");
    private static final Set<String> CLIENT_FRAMES =
            Set.of("message:send", "typing:start", "typing:stop", "state:update", "history:fetch", "ping", "leave");

    @Test
    void the_document_is_asyncapi_3_and_describes_every_frame_of_the_protocol_and_no_other() {
        assertThat(FrameContract.ASYNCAPI.path("asyncapi").asText()).startsWith("3.");
        var all = new TreeSet<String>(SERVER_FRAMES);
        all.addAll(CLIENT_FRAMES);

        assertThat(FrameContract.types()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void every_client_frame_the_document_describes_is_read_by_the_edge() {
        for (var type : CLIENT_FRAMES) {
            var minimal = switch (type) {
                case "message:send" -> "{\"type\":\"message:send\",\"content\":\"hi\",\"ref\":\"r\"}";
                case "state:update" -> "{\"type\":\"state:update\",\"data\":{\"x\":1},\"ref\":\"r\"}";
                default -> "{\"type\":\"" + type + "\",\"ref\":\"r\"}";
            };
            var read = ClientFrames.parse(minimal);
            assertThat(read).as(type).isNotInstanceOf(ClientRequest.Unreadable.class);
            assertThat(read.type()).isEqualTo(type);
        }
    }

    @Test
    void a_frame_that_departs_from_its_schema_is_caught() throws Exception {
        var ack = JSON.readTree("{\"type\":\"state:ack\",\"ref\":\"r\",\"version\":3}");
        assertThat(FrameContract.violations(ack)).isEmpty();

        assertThat(FrameContract.violations(JSON.readTree("{\"type\":\"state:ack\",\"ref\":\"r\"}")))
                .isNotEmpty();
        assertThat(FrameContract.violations(
                        JSON.readTree("{\"type\":\"state:ack\",\"ref\":\"r\",\"version\":3,\"extra\":true}")))
                .isNotEmpty();
        assertThat(FrameContract.violations(
                        JSON.readTree("{\"type\":\"error\",\"ref\":null,\"code\":\"teapot\",\"message\":\"x\"}")))
                .isNotEmpty();
        assertThat(FrameContract.violations(JSON.readTree("{\"type\":\"surprise\"}")))
                .singleElement()
                .asString()
                .contains("no message of type surprise");
    }
}
