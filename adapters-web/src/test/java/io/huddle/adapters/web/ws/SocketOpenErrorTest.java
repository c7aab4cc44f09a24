package io.huddle.adapters.web.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.adapters.web.Served;
import io.huddle.application.UseCases;
import io.huddle.application.memory.InMemoryPorts;
import io.huddle.domain.member.MemberStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A socket whose opening dies with an Error (a StackOverflowError looking up its token, say) closes with {@code
 * 1011} and is forgotten. Before, the Error went through {@code Socket.onOpen}: the socket stayed "opening" for good,
 * so its close was put off for good; it stayed counted among the open sockets (every drain then waited out its whole
 * bound for it), and Jetty closed it with the Error's text for its reason.
 */
class SocketOpenErrorTest {
    /** Bounds the wait only: the close's grace and the cleanup's thread, on a busy machine. */
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Test
    void a_socket_whose_opening_dies_with_an_error_closes_with_1011_and_is_forgotten() throws Exception {
        var clock = InstantSource.system();
        var ports = InMemoryPorts.create(clock, 100);
        var dies = new AtomicBoolean();
        var members = (MemberStore) Proxy.newProxyInstance(
                MemberStore.class.getClassLoader(), new Class<?>[] {MemberStore.class}, (proxy, method, args) -> {
                    if (dies.get() && method.getName().equals("authenticate")) throw new StackOverflowError();
                    try {
                        return method.invoke(ports.members(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (var served = Served.start(ports.with().members(members).build(), UseCases.Settings.defaults(), clock)) {
            var created = WsFixture.json(HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + served.port() + "/api/sessions"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"Owner\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
            dies.set(true);

            var close = WsClient.withToken(
                            served.port(), created.path("member").path("token").asText())
                    .awaitClose();

            assertThat(close).isEqualTo(new WsClient.Close(1011, "internal error"));
            long deadline = System.nanoTime() + WITHIN.toNanos();
            while (served.routes.realtime().openSockets() > 0) {
                assertThat(System.nanoTime()).as("forgotten within " + WITHIN).isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }
}
