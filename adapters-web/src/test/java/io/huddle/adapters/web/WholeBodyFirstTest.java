package io.huddle.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class WholeBodyFirstTest {

    @Test
    void a_body_announced_large_costs_no_more_than_a_small_buffer_until_its_bytes_arrive() {
        assertThat(WholeBodyFirst.initialCapacity(512 * 1024)).isLessThanOrEqualTo(4096);
        assertThat(WholeBodyFirst.initialCapacity(Long.MAX_VALUE)).isLessThanOrEqualTo(4096);
        assertThat(WholeBodyFirst.initialCapacity(-1)).isPositive().isLessThanOrEqualTo(4096); // chunked
        assertThat(WholeBodyFirst.initialCapacity(120)).isEqualTo(120);
    }

    @Test
    void bodies_past_the_gateway_wide_budget_are_refused_503_and_taken_again_once_it_frees() throws Exception {
        var budgeted = new WholeBodyFirst(1000, 1000);
        budgeted.setHandler(new Echo());
        var server = new Server();
        var connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(budgeted);
        server.start();
        int port = connector.getLocalPort();
        try (var holding = new java.net.Socket("127.0.0.1", port)) {
            // 800 of its 900 bytes sent, the rest held back: those 800 stay in the budget.
            holding.getOutputStream()
                    .write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n" + "a".repeat(800))
                            .getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (budgeted.buffered() < 800 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(budgeted.buffered()).isEqualTo(800);

            var refused = post(port, "b".repeat(500));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.body()).contains("\"code\":\"storage_unavailable\"");

            holding.getOutputStream().write("a".repeat(100).getBytes(StandardCharsets.US_ASCII));
            var answer = new BufferedReader(new InputStreamReader(holding.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(answer.readLine()).isEqualTo("HTTP/1.1 200 OK");

            var taken = post(port, "b".repeat(500));
            assertThat(taken.statusCode()).isEqualTo(200);
            assertThat(taken.body()).isEqualTo("b".repeat(500));
            assertThat(budgeted.buffered()).isZero();
        } finally {
            server.stop();
        }
    }

    private static HttpResponse<String> post(int port, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** Answers the body it was given. */
    private static final class Echo extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            var body = Content.Source.asString(request, StandardCharsets.UTF_8);
            response.setStatus(200);
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }
}
