package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.body;
import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.net.http.HttpResponse;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two gateway instances on one Redis share every limit: a key's count is one, whichever instance it hits. */
class LimitsAcrossInstancesIT {

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private Service a;
    private Service b;

    /** Every limit generous but the ones named (each test limits a tier of its own, so they share the prefix). */
    private static Service gateway(Map<String, String> limits) {
        var env = new HashMap<String, String>();
        env.put("PORT", "0");
        env.put("REDIS_URL", redis.url().toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", redis.prefix());
        env.put(
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.put("HUDDLE_AUTH_MODE", "open");
        env.put("LOG_LEVEL", "WARN");
        for (var tier :
                new String[] {"MESSAGE", "MESSAGE_IP", "BURST", "CONNECT", "JOIN", "JOIN_FAIL", "API", "STRICT"})
            env.put("RATE_LIMIT_" + tier, "1000/1s");
        env.putAll(limits);
        return Gateway.start(GatewayConfig.from(new Env(env)), InstantSource.system());
    }

    private void start(Map<String, String> limits) {
        a = gateway(limits);
        b = gateway(limits);
    }

    @AfterEach
    void stop() {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    private static long header(HttpResponse<String> response, String name) {
        return Long.parseLong(response.headers().firstValue(name).orElseThrow(() -> new AssertionError(name)));
    }

    @Test
    void a_member_sending_three_messages_through_each_instance_with_a_limit_of_five_gets_the_sixth_refused() {
        start(Map.of("RATE_LIMIT_MESSAGE", "5/10s"));
        var created = body(send(a, "POST", "/api/sessions", null, "{}"));
        var path = "/api/sessions/" + created.path("session").path("code").asText() + "/messages";
        var token = created.path("member").path("token").asText();
        var message = "{\"content\":\"Hello\"}";

        for (int i = 0; i < 5; i++) {
            var sent = send(i < 3 ? a : b, "POST", path, token, message);
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
            assertThat(header(sent, "RateLimit-Remaining")).isEqualTo(4 - i);
        }
        var sixth = send(b, "POST", path, token, message);
        var seventhOnA = send(a, "POST", path, token, message);

        for (var refused : java.util.List.of(sixth, seventhOnA)) {
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(body(refused).path("code").asText()).isEqualTo("rate_limited");
            assertThat(header(refused, "RateLimit-Limit")).isEqualTo(5);
            assertThat(header(refused, "Retry-After")).isBetween(1L, 10L);
            assertThat(body(refused).path("retryAfter").asLong()).isEqualTo(header(refused, "Retry-After"));
        }
    }

    @Test
    void three_requests_through_each_instance_with_a_limit_of_five_get_the_sixth_refused_on_either() {
        start(Map.of("RATE_LIMIT_API", "5/10s"));
        var code = body(send(a, "POST", "/api/sessions", null, "{}"))
                .path("session")
                .path("code")
                .asText();
        var path = "/api/sessions/" + code + "/presence";

        for (int i = 0; i < 5; i++) {
            var response = send(i % 2 == 0 ? a : b, "GET", path, null, null);
            assertThat(response.statusCode())
                    .as("allowed, then 401 for want of a token")
                    .isEqualTo(401);
            assertThat(header(response, "RateLimit-Limit")).isEqualTo(5);
            assertThat(header(response, "RateLimit-Remaining")).isEqualTo(4 - i);
        }
        var sixthOnB = send(b, "GET", path, null, null);
        var sixthOnA = send(a, "GET", path, null, null);

        for (var refused : java.util.List.of(sixthOnA, sixthOnB)) {
            assertThat(refused.statusCode()).isEqualTo(429);
            long retryAfter = header(refused, "Retry-After");
            assertThat(retryAfter).isBetween(1L, 10L);
            assertThat(body(refused).path("retryAfter").asLong()).isEqualTo(retryAfter);
        }
    }

    @Test
    void failed_joins_on_one_instance_close_joins_on_the_other() {
        start(Map.of("RATE_LIMIT_JOIN_FAIL", "2/60s"));
        var code = body(send(a, "POST", "/api/sessions", null, "{}"))
                .path("session")
                .path("code")
                .asText();

        assertThat(send(a, "POST", "/api/sessions/ZZZZZZ/members", null, "{\"displayName\":\"X\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(send(a, "POST", "/api/sessions/YYYYYY/members", null, "{\"displayName\":\"X\"}")
                        .statusCode())
                .isEqualTo(404);
        var refused = send(b, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"Ana\"}");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(body(refused).path("code").asText()).isEqualTo("rate_limited");
        assertThat(header(refused, "Retry-After")).isBetween(1L, 60L);
    }
}
