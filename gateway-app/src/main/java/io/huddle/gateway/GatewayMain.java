package io.huddle.gateway;

import io.huddle.runtime.Launcher;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import io.huddle.runtime.settings.Mode;
import java.time.InstantSource;
import java.util.Map;

/**
 * Starts a gateway from the environment (PROTOCOL.md section 9); SIGTERM drains it and exits 0. With
 * {@code token --sub USER_ID [--ttl 1h]} it only prints a development user token ({@link TokenCommand}).
 */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) {
        Launcher.runCommandIfAny(
                args,
                Map.of(
                        "token",
                        (rest, out, err) -> TokenCommand.run(rest, Env.system(), InstantSource.system(), out, err)),
                TokenCommand.USAGE);
        var config = Launcher.settingsOrExit(() -> GatewayConfig.from(Env.system()));
        var log = Launcher.logging(
                config.common(),
                GatewayMain.class,
                "; auth is " + config.authMode().wireName());
        if (config.common().mode() == Mode.CONNECTED && config.authMode() == GatewayConfig.AuthMode.OPEN) {
            log.warn("HUDDLE_AUTH_MODE=open: anyone can create sessions without a user token");
        }
        if (config.common().mode() == Mode.CONNECTED && config.allowedOrigins().isEmpty()) {
            log.warn(
                    "HUDDLE_ALLOWED_ORIGINS is not set: browsers will be refused (CORS preflights get 403, WebSocket"
                            + " upgrades close with 1008); set it to the origins of your web app, e.g. https://app.example.com");
        }
        var gateway = Launcher.startOrExit(() -> Gateway.start(config, InstantSource.system()));
        Launcher.stopOnSignal(gateway);
        var common = config.common();
        String origins = config.allowedOrigins().isEmpty() ? "none" : String.join(",", config.allowedOrigins());
        log.atInfo()
                .addKeyValue("mode", common.mode().wireName())
                .addKeyValue("auth", config.authMode().wireName())
                .addKeyValue("host", common.host())
                .addKeyValue("port", gateway.port())
                .addKeyValue("allowedOrigins", origins)
                .addKeyValue("version", Service.version())
                .log(
                        "Huddle gateway {} listening on {}:{} ({} mode, auth {}, allowed origins {})",
                        Service.version(),
                        common.host(),
                        gateway.port(),
                        common.mode().wireName(),
                        config.authMode().wireName(),
                        origins);
    }
}
