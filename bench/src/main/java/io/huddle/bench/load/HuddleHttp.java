package io.huddle.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two HTTP calls of the scenarios (PROTOCOL.md section 4): create a session and join one, each
 * answering {@code 201 {"session":{…code…},"member":{…id, token}}}. One client per source address, bound
 * to it, over HTTP/1.1 with keep-alive.
 */
final class HuddleHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A member as created: its session's code, its id and its token. */
    record Member(String code, String memberId, String token) {}

    /** What {@code --jwt-secret} and friends say: an HS256 user token for creating sessions in jwt mode. */
    record JwtSettings(String secret, Optional<String> issuer, Optional<String> audience) {}

    private final List<HttpClient> clients = new ArrayList<>();
    private final Duration timeout;
    private final Optional<JwtSettings> jwt;

    HuddleHttp(Duration timeout, Optional<JwtSettings> jwt, List<InetAddress> sources) {
        this.timeout = timeout;
        this.jwt = jwt;
        if (sources.isEmpty()) clients.add(client(Optional.empty()));
        for (var source : sources) clients.add(client(Optional.of(source)));
    }

    private HttpClient client(Optional<InetAddress> source) {
        var builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
        source.ifPresent(builder::localAddress);
        return builder.build();
    }

    /** A session with room for 10,000 members, created on {@code baseUrl}; its owner is returned. */
    Member createSession(String baseUrl, String name, int source) throws IOException, InterruptedException {
        var body = JSON.createObjectNode()
                .put("name", name)
                .put("displayName", "Owner")
                .put("maxMembers", 10000);
        var answer = post(baseUrl + "/api/sessions", body.toString(), jwt.map(HuddleHttp::userToken), source);
        return new Member(
                answer.path("session").path("code").asText(),
                answer.path("member").path("id").asText(),
                answer.path("member").path("token").asText());
    }

    Member join(String baseUrl, String code, String displayName, int source) throws IOException, InterruptedException {
        var body = JSON.createObjectNode().put("displayName", displayName).put("role", "member");
        var answer = post(baseUrl + "/api/sessions/" + code + "/members", body.toString(), Optional.empty(), source);
        return new Member(
                code,
                answer.path("member").path("id").asText(),
                answer.path("member").path("token").asText());
    }

    private JsonNode post(String url, String body, Optional<String> bearer, int source)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        var response = clients.get(Math.floorMod(source, clients.size()))
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            // Not JSON: the status says enough.
        }
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            String code = json != null && json.hasNonNull("code")
                    ? json.get("code").asText()
                    : json != null && json.hasNonNull("error")
                            ? json.get("error").asText()
                            : "http_" + response.statusCode();
            throw new Failures.Coded(code, "HTTP " + response.statusCode() + " from " + url);
        }
        if (json == null) throw new Failures.Coded("bad_body", "no JSON from " + url);
        return json;
    }

    /** An HS256 JWT with {@code sub}, {@code iat}, a six-hour {@code exp}, and {@code iss}/{@code aud} when set. */
    static String userToken(JwtSettings settings) {
        long now = Instant.now().getEpochSecond();
        var claims =
                JSON.createObjectNode().put("sub", "loaddriver").put("iat", now).put("exp", now + 6 * 3600);
        settings.issuer().ifPresent(issuer -> claims.put("iss", issuer));
        settings.audience().ifPresent(audience -> claims.put("aud", audience));
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String unsigned = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + encoder.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return unsigned + "." + encoder.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
