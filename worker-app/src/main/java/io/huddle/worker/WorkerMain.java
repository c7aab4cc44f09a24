package io.huddle.worker;

import io.huddle.runtime.Launcher;
import io.huddle.runtime.Maintenance;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import java.time.InstantSource;
import java.util.List;

/** Starts a worker from the environment; SIGTERM drains it and exits 0. */
public final class WorkerMain {
    private WorkerMain() {}

    public static void main(String[] args) {
        var config = Launcher.settingsOrExit(() -> WorkerConfig.from(Env.system()));
        var log = Launcher.logging(
                config.common(),
                WorkerMain.class,
                "; a worker in embedded mode maintains only its own empty stores (the embedded gateway runs its jobs itself)");
        var worker = start(config, InstantSource.system());
        Launcher.stopOnSignal(worker);
        log.atInfo()
                .addKeyValue("port", worker.port())
                .addKeyValue("interval", config.maintenance().interval().toString())
                .addKeyValue("batchSize", config.maintenance().batchSize())
                .log("worker started");
    }

    /** The worker's operations endpoints and its maintenance jobs, which stop when it drains. */
    static Service start(WorkerConfig config, InstantSource clock) {
        var identity = new Service.Identity("huddle-worker", List.of());
        var worker = Service.start(config.common(), identity, clock, infrastructure -> List.of());
        var infrastructure = worker.infrastructure();
        var jobs = Maintenance.jobs(
                infrastructure.stores(), infrastructure.instances(), config.common(), config.maintenance(), clock);
        worker.stopOnDrain(Maintenance.start(jobs, worker.meters(), clock));
        return worker;
    }
}
