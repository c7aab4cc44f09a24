package io.huddle.gateway;

import io.huddle.runtime.Launcher;
import io.huddle.runtime.settings.Env;
import io.huddle.runtime.settings.Mode;
import java.time.InstantSource;

/** Starts a gateway from the environment (PROTOCOL.md section 9); SIGTERM drains it and exits 0. */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) {
        var config = Launcher.settingsOrExit(() -> GatewayConfig.from(Env.system()));
        var log = Launcher.logging(
                config.common(),
                GatewayMain.class,
                "; auth is " + config.authMode().wireName());
        if (config.common().mode() == Mode.CONNECTED && config.authMode() == GatewayConfig.AuthMode.OPEN) {
            log.warn("HUDDLE_AUTH_MODE=open: anyone can create sessions without a user token");
        }
        var gateway = Launcher.startOrExit(() -> Gateway.start(config, InstantSource.system()));
        Launcher.stopOnSignal(gateway);
        log.atInfo().addKeyValue("port", gateway.port()).log("gateway started");
    }
}
