package io.huddle.worker;

import io.huddle.runtime.Launcher;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import java.time.InstantSource;
import java.util.List;

/** Starts a worker from the environment; SIGTERM drains it and exits 0. */
public final class WorkerMain {
    private WorkerMain() {}

    public static void main(String[] args) {
        var config = Launcher.settingsOrExit(() -> WorkerConfig.from(Env.system()));
        var log = Launcher.logging(config.common(), WorkerMain.class, "");
        var identity = new Service.Identity("huddle-worker", List.of());
        var worker = Service.start(config.common(), identity, InstantSource.system(), infrastructure -> List.of());
        Launcher.stopOnSignal(worker);
        log.atInfo().addKeyValue("port", worker.port()).log("worker started");
    }
}
