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

    /** The user id sessions created with a server key belong to (their {@code ownerId}). */
    static final String SERVER_OWNER = "loaddriver";

    private final List<HttpClient> clients = new ArrayList<>();
    private final Duration timeout;
    private final Optional<JwtSettings> jwt;
    private final Optional<String> serverKey;
    private final RateLimits rateLimits;

    /**
     * {@code jwt}: create sessions with a user token signed here; {@code serverKey}: create and end them
     * through the server API ({@code /api/server/sessions}); neither: the gateways run open auth.
     */
    HuddleHttp(
            Duration timeout,
            Optional<JwtSettings> jwt,
            Optional<String> serverKey,
            List<InetAddress> sources,
            RateLimits rateLimits) {
        this.timeout = timeout;
        this.jwt = jwt;
        this.serverKey = serverKey;
        this.rateLimits = rateLimits;
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
        JsonNode answer;
        try {
            if (serverKey.isPresent()) {
                body.put("ownerId", SERVER_OWNER);
                answer = send("POST", baseUrl + "/api/server/sessions", body.toString(), serverKey, source);
            } else {
                answer = send(
                        "POST", baseUrl + "/api/sessions", body.toString(), jwt.map(HuddleHttp::userToken), source);
            }
        } catch (Failures.Coded e) {
            if (e.code().equals("unauthorized") || e.code().equals("forbidden")) {
                Run.logOnce("create:" + e.code(), refusedCreate(e.code()));
            }
            throw e;
        }
        return new Member(
                answer.path("session").path("code").asText(),
                answer.path("member").path("id").asText(),
                answer.path("member").path("token").asText());
    }

    Member join(String baseUrl, String code, String displayName, int source) throws IOException, InterruptedException {
        var body = JSON.createObjectNode().put("displayName", displayName).put("role", "member");
        var answer =
                send("POST", baseUrl + "/api/sessions/" + code + "/members", body.toString(), Optional.empty(), source);
        return new Member(
                code,
                answer.path("member").path("id").asText(),
                answer.path("member").path("token").asText());
    }

    /**
     * Ends the session {@code owner} created, as its owner (or with the server key that created it); an
     * ended or expired session ({@code 404}) counts as ended.
     */
    void endSession(String baseUrl, Member owner, int source) throws IOException, InterruptedException {
        try {
            if (serverKey.isPresent()) {
                send("DELETE", baseUrl + "/api/server/sessions/" + owner.code(), null, serverKey, source);
            } else {
                send("DELETE", baseUrl + "/api/sessions/" + owner.code(), null, Optional.of(owner.token()), source);
            }
        } catch (Failures.Coded e) {
            if (!e.code().equals("session_not_found")) throw e;
        }
    }

    /** What to do when the gateway refuses to create a session: the credential this driver lacks. */
    private String refusedCreate(String code) {
        if (serverKey.isPresent()) {
            return "the gateway refused the server key (" + code + "): give one of its HUDDLE_SERVER_KEYS secrets"
                    + " with --server-key";
        }
        if (jwt.isPresent()) {
            return "the gateway refused the user token signed with --jwt-secret (" + code + "): it must be the"
                    + " gateways' HUDDLE_JWT_SECRET (HS256), with --jwt-issuer/--jwt-audience as their"
                    + " HUDDLE_JWT_ISSUER/HUDDLE_JWT_AUDIENCE; a gateway that verifies RS256/ES256 tokens"
                    + " takes --server-key instead";
        }
        return "the gateway refused to create a session without a credential (" + code + "): it runs"
                + " HUDDLE_AUTH_MODE=jwt; give --jwt-secret (its HUDDLE_JWT_SECRET, HS256) or --server-key"
                + " (a secret of its HUDDLE_SERVER_KEYS)";
    }

    private JsonNode send(String method, String url, String body, Optional<String> bearer, int source)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        var response = clients.get(Math.floorMod(source, clients.size()))
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            // Not JSON: the status says enough.
        }
        int status = response.statusCode();
        if (status == 204) return JSON.createObjectNode();
        if (status != 201 && status != 200) {
            String code = json != null && json.hasNonNull("code")
                    ? json.get("code").asText()
                    : json != null && json.hasNonNull("error")
                            ? json.get("error").asText()
                            : "http_" + status;
            // The path only: a URL of this driver's never holds a secret, but the log need not know that.
            String what = method + " " + URI.create(url).getPath();
            if (status == 429) {
                String tier = json != null && json.hasNonNull("tier")
                        ? json.get("tier").asText()
                        : null;
                rateLimits.refused(tier, what);
                throw new Failures.Coded(code, tier, "HTTP 429 for " + what);
            }
            throw new Failures.Coded(code, "HTTP " + status + " for " + what);
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
