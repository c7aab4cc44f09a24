package io.huddle.worker;

import io.huddle.application.UseCases;
import io.huddle.application.concurrency.ThreadScheduler;
import io.huddle.runtime.Launcher;
import io.huddle.runtime.Maintenance;
import io.huddle.runtime.OpsServer;
import io.huddle.runtime.Service;
import io.huddle.runtime.Wiring;
import io.huddle.runtime.settings.Env;
import io.huddle.runtime.webhook.Webhooks;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;

/** Starts a worker from the environment; SIGTERM drains it and exits 0. */
public final class WorkerMain {
    private WorkerMain() {}

    public static void main(String[] args) {
        var config = Launcher.settingsOrExit(() -> WorkerConfig.from(Env.system()));
        var log = Launcher.logging(
                config.common(),
                WorkerMain.class,
                "; a worker in embedded mode maintains only its own empty stores (the embedded gateway runs its jobs itself)");
        var worker = Launcher.startOrExit(() -> start(config, InstantSource.system()));
        Launcher.stopOnSignal(worker);
        var common = config.common();
        log.atInfo()
                .addKeyValue("mode", common.mode().wireName())
                .addKeyValue("host", common.host())
                .addKeyValue("port", worker.port())
                .addKeyValue("version", Service.version())
                .addKeyValue("interval", config.maintenance().interval().toString())
                .addKeyValue("batchSize", config.maintenance().batchSize())
                .log(
                        "Huddle worker {} listening on {}:{} ({} mode)",
                        Service.version(),
                        common.host(),
                        worker.port(),
                        common.mode().wireName());
    }

    /** The worker's operations endpoints and its maintenance jobs, which stop when it drains. */
    static Service start(WorkerConfig config, InstantSource clock) {
        var common = config.common();
        return Service.start(common, "huddle-worker", clock, starting -> {
            var scheduler = starting.stopOnDrain(new ThreadScheduler());
            var useCases = UseCases.wire(
                    starting.infrastructure().ports(), Wiring.settings(common, config.maintenance()), clock, scheduler);
            var jobs = new ArrayList<>(Maintenance.jobs(useCases, config.maintenance()));
            // Webhooks are delivered by workers only, from the outbox the gateways' changes fill.
            config.webhooks()
                    .ifPresent(webhooks -> jobs.addAll(
                            Webhooks.jobs(starting.infrastructure().webhooks(), webhooks, starting.meters(), clock)));
            starting.stopOnDrain(Maintenance.start(jobs, starting.meters(), clock));
            // Endings and removals made while Redis is away leave hot copies to drop once it answers again.
            starting.stopOnDrain(starting.infrastructure().watchRedis(common.instanceId(), Duration.ZERO, () -> {}));
            return OpsServer.start(
                    common.host(),
                    common.port(),
                    common.managementPort(),
                    starting.health(),
                    starting.meters(),
                    Service.version(),
                    common.instanceId());
        });
    }
}
