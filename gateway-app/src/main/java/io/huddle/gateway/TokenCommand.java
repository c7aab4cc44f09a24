package io.huddle.gateway;

import io.huddle.adapters.web.auth.DevelopmentTokens;
import io.huddle.runtime.settings.Env;
import io.huddle.runtime.settings.SettingException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * {@code java -jar huddle-gateway.jar token --sub alice [--ttl 1h]}: prints a development user token (a
 * JWT) signed with {@code HUDDLE_JWT_SECRET}, with {@code HUDDLE_JWT_ISSUER} / {@code HUDDLE_JWT_AUDIENCE}
 * when set, so a gateway with the same settings accepts it. For a first try of connected mode; real
 * users get their tokens from an identity provider.
 */
final class TokenCommand {
    static final String USAGE = "usage: java -jar huddle-gateway.jar token --sub USER_ID [--ttl 1h]";
    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final Duration MAX_TTL = Duration.ofDays(30);

    private TokenCommand() {}

    /** Runs the command on {@code args} (after {@code token}); returns the exit code: 0, or 2 with one line on {@code err}. */
    static int run(List<String> args, Env env, InstantSource clock, PrintStream out, PrintStream err) {
        String subject = null;
        Duration ttl = DEFAULT_TTL;
        try {
            for (int i = 0; i < args.size(); i += 2) {
                String option = args.get(i);
                if (i + 1 >= args.size()) return fail(err, option + " needs a value; " + USAGE);
                String value = args.get(i + 1);
                switch (option) {
                    case "--sub" -> subject = value.strip();
                    case "--ttl" -> ttl = Env.durationOf("--ttl", value);
                    default -> {
                        return fail(err, "unknown option " + option + "; " + USAGE);
                    }
                }
            }
            if (subject == null || subject.isEmpty()) return fail(err, "--sub is required (the user id); " + USAGE);
            if (ttl.isZero() || ttl.compareTo(MAX_TTL) > 0)
                return fail(err, "--ttl must be more than 0 and at most 30d");
            if (env.text("HUDDLE_JWT_SECRET").isEmpty()) {
                return fail(
                        err,
                        "HUDDLE_JWT_SECRET is not set: set it (at least 32 bytes, the same as the gateway's) to mint a"
                                + " development token; with HUDDLE_JWT_PUBLIC_KEY_FILE, tokens come from whoever holds the"
                                + " private key");
            }
            var jwt = GatewayConfig.from(env).jwt().orElseThrow();
            var token = DevelopmentTokens.mint(jwt, subject, ttl, clock.instant());
            if (token.isEmpty()) return fail(err, "HUDDLE_JWT_SECRET is needed to sign a token");
            out.println(token.get());
            return 0;
        } catch (SettingException e) {
            return fail(err, e.getMessage());
        }
    }

    private static int fail(PrintStream err, String line) {
        err.println(line);
        return 2;
    }
}
