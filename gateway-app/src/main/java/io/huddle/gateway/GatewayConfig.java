package io.huddle.gateway;

import io.huddle.adapters.web.auth.HashedServerKeys;
import io.huddle.adapters.web.auth.JwtSettings;
import io.huddle.adapters.web.auth.JwtUserTokens;
import io.huddle.adapters.web.limit.ClientIps;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.server.ServerKeys;
import io.huddle.domain.session.SessionCode;
import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.settings.Env;
import io.huddle.runtime.settings.Mode;
import io.huddle.runtime.settings.SettingException;
import io.huddle.runtime.settings.WebhookTarget;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Everything the gateway reads from its environment, validated (PROTOCOL.md section 9). */
public record GatewayConfig(
        CommonSettings common,
        AuthMode authMode,
        Optional<JwtSettings> jwt,
        List<String> allowedOrigins,
        List<String> trustedProxies,
        int maxSocketsPerMember,
        int codeLength,
        LimitPolicy.Tiers rateLimits,
        boolean demo,
        ServerKeys serverKeys) {

    public static final int DEFAULT_PORT = 8080;

    /** {@code open}: creating a session needs no user token (embedded mode's default). */
    public enum AuthMode {
        JWT,
        OPEN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code HUDDLE_DEMO}: whether {@code GET /} serves the demo app. */
    private enum Switch {
        ON,
        OFF
    }

    /**
     * Every tier of PROTOCOL.md section 7 with its default; a tier set to {@code off} is empty. The per-IP
     * tiers are sized for a room behind one address (a classroom, an office NAT): the defence against
     * guessing codes is the global {@code join-fail} tier, not a tight per-IP one.
     */
    static LimitPolicy.Tiers rateLimits(Env env) {
        return new LimitPolicy.Tiers(
                env.limit("RATE_LIMIT_MESSAGE", new Limit(60, Duration.ofSeconds(60))),
                env.limit("RATE_LIMIT_MESSAGE_IP", new Limit(600, Duration.ofSeconds(60))),
                env.limit("RATE_LIMIT_BURST", new Limit(50, Duration.ofSeconds(1))),
                env.limit("RATE_LIMIT_CONNECT", new Limit(60, Duration.ofSeconds(60))),
                env.limit("RATE_LIMIT_JOIN", new Limit(60, Duration.ofMinutes(15))),
                env.limit("RATE_LIMIT_JOIN_FAIL", new Limit(600, Duration.ofSeconds(60))),
                env.limit("RATE_LIMIT_API", new Limit(1000, Duration.ofMinutes(15))),
                env.limit("RATE_LIMIT_STRICT", new Limit(60, Duration.ofMinutes(15))),
                env.limit("RATE_LIMIT_SERVER", new Limit(6000, Duration.ofSeconds(60))));
    }

    public static GatewayConfig from(Env env) {
        var common = CommonSettings.from(env, DEFAULT_PORT);
        boolean embedded = common.mode() == Mode.EMBEDDED;
        var authMode = env.choice("HUDDLE_AUTH_MODE", AuthMode.class, embedded ? AuthMode.OPEN : AuthMode.JWT);
        var secret = env.text("HUDDLE_JWT_SECRET");
        var keyFile = env.text("HUDDLE_JWT_PUBLIC_KEY_FILE").map(Path::of);
        if (secret.isPresent() && keyFile.isPresent()) {
            throw new SettingException("HUDDLE_JWT_SECRET", "set it or HUDDLE_JWT_PUBLIC_KEY_FILE, not both");
        }
        if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new SettingException("HUDDLE_JWT_SECRET", "must be at least 32 bytes (HS256 needs 256 bits)");
        }
        if (keyFile.isPresent() && !Files.isReadable(keyFile.get())) {
            throw new SettingException(
                    "HUDDLE_JWT_PUBLIC_KEY_FILE", "\"" + keyFile.get() + "\" is not a readable file");
        }
        if (authMode == AuthMode.JWT && secret.isEmpty() && keyFile.isEmpty()) {
            throw new SettingException(
                    "HUDDLE_AUTH_MODE", "jwt needs HUDDLE_JWT_SECRET or HUDDLE_JWT_PUBLIC_KEY_FILE (or use open)");
        }
        var jwt = jwt(secret, keyFile, env.text("HUDDLE_JWT_ISSUER"), env.text("HUDDLE_JWT_AUDIENCE"));
        var origins = allowedOrigins(env);
        var trustedProxies = env.list("HUDDLE_TRUSTED_PROXIES");
        try {
            ClientIps.trusting(trustedProxies);
        } catch (IllegalArgumentException e) {
            throw new SettingException("HUDDLE_TRUSTED_PROXIES", e.getMessage() + " (comma-separated CIDRs)");
        }
        // Not used here, but a gateway with a URL fills the outbox: refuse what the worker would refuse, in one rule.
        WebhookTarget.from(env);
        return new GatewayConfig(
                common,
                authMode,
                jwt,
                origins.isEmpty() && embedded ? List.of("*") : origins,
                trustedProxies,
                env.integer("HUDDLE_MAX_SOCKETS_PER_MEMBER", 5, 1, 1000),
                env.integer("HUDDLE_CODE_LENGTH", 6, SessionCode.MIN_LENGTH, SessionCode.MAX_LENGTH),
                rateLimits(env),
                // The demo is for trying Huddle out: on where the gateway runs for a developer, off in production.
                env.choice("HUDDLE_DEMO", Switch.class, embedded ? Switch.ON : Switch.OFF) == Switch.ON,
                serverKeys(env));
    }

    /**
     * {@code HUDDLE_ALLOWED_ORIGINS}: comma-separated, each {@code *} or an origin as a browser sends it in
     * its {@code Origin} header, which is compared as a string: {@code scheme://host[:port]}, http or https,
     * lower case, with no path (not even a trailing slash), query or credentials.
     */
    static List<String> allowedOrigins(Env env) {
        var origins = env.list("HUDDLE_ALLOWED_ORIGINS");
        for (String origin : origins) {
            if (!origin.equals("*") && !isOrigin(origin)) {
                throw SettingException.of(
                        "HUDDLE_ALLOWED_ORIGINS",
                        origin,
                        false,
                        "is not an origin; use comma-separated entries, each * or scheme://host[:port] (http or"
                                + " https, lower case, no path or trailing slash, no credentials), e.g."
                                + " https://app.example.com");
            }
        }
        return origins;
    }

    private static boolean isOrigin(String raw) {
        if (!raw.equals(raw.toLowerCase(Locale.ROOT))) return false;
        try {
            var uri = new URI(raw);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            return web
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawPath().isEmpty()
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && !uri.getRawAuthority().endsWith(":")
                    // the authority is the host and port alone: nothing the parser would have dropped
                    && raw.equals(uri.getScheme() + "://" + uri.getRawAuthority())
                    && (uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65535));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * {@code HUDDLE_SERVER_KEYS}: {@code name:hk_secret} pairs, comma-separated, or {@code @/path/to/file} with
     * one pair a line. Unset: no key, and every {@code /api/server/} request is {@code 401}. A bad value stops
     * start-up with one line that names the entry, never a secret.
     */
    static ServerKeys serverKeys(Env env) {
        String setting = "HUDDLE_SERVER_KEYS";
        var raw = env.text(setting);
        if (raw.isEmpty()) return ServerKeys.NONE;
        String value = raw.get();
        if (value.startsWith("@")) {
            var file = Path.of(value.substring(1).strip());
            try {
                value = Files.readString(file);
            } catch (IOException | RuntimeException e) {
                throw new SettingException(setting, "\"" + file + "\" is not a readable file of name:secret lines");
            }
        }
        try {
            return HashedServerKeys.parse(value);
        } catch (IllegalArgumentException e) {
            throw new SettingException(setting, e.getMessage() + " (name:hk_secret, comma-separated, or @file)");
        }
    }

    /** The verifier's settings, checked by building one: a key file that holds no usable key stops start-up. */
    private static Optional<JwtSettings> jwt(
            Optional<String> secret, Optional<Path> keyFile, Optional<String> issuer, Optional<String> audience) {
        Optional<JwtSettings.Key> key = secret.<JwtSettings.Key>map(
                        s -> new JwtSettings.Key.Secret(s.getBytes(StandardCharsets.UTF_8)))
                .or(() -> keyFile.map(GatewayConfig::readPem));
        var settings = key.map(k -> new JwtSettings(k, issuer, audience));
        try {
            settings.ifPresent(JwtUserTokens::new);
        } catch (IllegalArgumentException e) {
            throw new SettingException("HUDDLE_JWT_PUBLIC_KEY_FILE", e.getMessage());
        }
        return settings;
    }

    private static JwtSettings.Key readPem(Path file) {
        try {
            return new JwtSettings.Key.PublicKeyPem(Files.readString(file));
        } catch (IOException e) {
            throw new SettingException("HUDDLE_JWT_PUBLIC_KEY_FILE", "\"" + file + "\" cannot be read");
        }
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "GatewayConfig[mode=" + common.mode() + ", port=" + common.port() + ", auth=" + authMode + "]";
    }
}
