package io.huddle.runtime;

import io.huddle.application.UseCases;
import io.huddle.application.maintenance.MaintenanceJob;
import io.huddle.application.maintenance.Round;
import io.huddle.runtime.settings.MaintenanceSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the background jobs of PROTOCOL.md section 6 on a schedule: the worker's purpose, and part of
 * the embedded gateway (which has no worker). Each job runs on a virtual thread of its own, one run
 * at a time, {@code interval} after the previous run ended. A run that throws is logged and counted
 * and the job runs again next round; an item that fails inside a run is logged and counted and the
 * run goes on. Metrics per job: {@code huddle.worker.job} (timer, tags job and outcome),
 * {@code huddle.worker.items} (counter, tags job and result), {@code huddle.worker.last.success}
 * (gauge, epoch seconds of the last run that did not throw) and {@code huddle.worker.lag} (gauge,
 * seconds the most overdue item of the last run had been due).
 */
public final class Maintenance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
    /** Per run, item failures beyond this many are counted but not logged one by one. */
    private static final int LOGGED_FAILURES_PER_RUN = 5;
    /** How long {@link #close} lets a run in progress finish. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** A job, its name in logs and metrics, and the pause between its runs. */
    public record ScheduledJob(String name, Duration interval, MaintenanceJob job) {
        public ScheduledJob {
            Objects.requireNonNull(name);
            Objects.requireNonNull(job);
            if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval " + interval);
        }
    }

    private final ScheduledExecutorService scheduler;
    private final List<Runner> runners;

    private Maintenance(ScheduledExecutorService scheduler, List<Runner> runners) {
        this.scheduler = scheduler;
        this.runners = runners;
    }

    /** The five jobs of {@code useCases}: expire, inactivity, idle-members, ghost-presence, retention. */
    public static List<ScheduledJob> jobs(UseCases useCases, MaintenanceSettings settings) {
        return List.of(
                new ScheduledJob("expire", settings.interval(), useCases.expireSessions()),
                new ScheduledJob("inactivity", settings.interval(), useCases.endInactiveSessions()),
                new ScheduledJob("idle-members", settings.interval(), useCases.removeIdleMembers()),
                new ScheduledJob("ghost-presence", settings.ghostInterval(), useCases.clearGhostPresence()),
                new ScheduledJob("retention", settings.retentionInterval(), useCases.purgeEndedSessions()));
    }

    /** Schedules every job; the first run of each comes one interval from now. */
    public static Maintenance start(List<ScheduledJob> jobs, MeterRegistry meters, InstantSource clock) {
        var scheduler = Executors.newScheduledThreadPool(
                jobs.size(), Thread.ofVirtual().name("huddle-job-", 0).factory());
        var runners = jobs.stream().map(job -> new Runner(job, meters, clock)).toList();
        for (var runner : runners) {
            var interval = runner.job.interval().toMillis();
            scheduler.scheduleWithFixedDelay(runner::runOnce, interval, interval, TimeUnit.MILLISECONDS);
        }
        log.atInfo()
                .addKeyValue("jobs", jobs.stream().map(ScheduledJob::name).toList())
                .log("maintenance jobs scheduled");
        return new Maintenance(scheduler, runners);
    }

    /** Runs every job once, now, on the calling thread (a run already in progress elsewhere goes first). */
    public void runAllOnce() {
        runners.forEach(Runner::runOnce);
    }

    /** No new runs; a run in progress may finish (up to a few seconds), then the threads stop. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) scheduler.shutdownNow();
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("maintenance jobs stopped");
    }

    /** One job with its meters; runs are serialized, whoever triggers them. */
    private static final class Runner {
        private final ScheduledJob job;
        private final InstantSource clock;
        private final Timer succeeded;
        private final Timer failed;
        private final Counter handled;
        private final Counter skipped;
        private final Counter itemFailures;
        private final AtomicLong lastSuccess = new AtomicLong();
        private final AtomicLong lagMillis = new AtomicLong();

        Runner(ScheduledJob job, MeterRegistry meters, InstantSource clock) {
            this.job = job;
            this.clock = clock;
            this.succeeded = timer(meters, job.name(), "success");
            this.failed = timer(meters, job.name(), "failure");
            this.handled = items(meters, job.name(), "handled");
            this.skipped = items(meters, job.name(), "skipped");
            this.itemFailures = items(meters, job.name(), "failed");
            Gauge.builder("huddle.worker.last.success", lastSuccess, AtomicLong::get)
                    .tag("job", job.name())
                    .baseUnit("seconds")
                    .description("When the job last ran without throwing, epoch seconds (0: never)")
                    .register(meters);
            // With the last success, lets an alert scale to each job's own pace: a retention run an hour
            // apart is not stale after a minute, an expiry run every 2 s is.
            Gauge.builder("huddle.worker.interval", job.interval(), interval -> interval.toMillis() / 1000.0)
                    .tag("job", job.name())
                    .baseUnit("seconds")
                    .description("The pause between two runs of the job, as configured")
                    .register(meters);
            Gauge.builder("huddle.worker.lag", lagMillis, millis -> millis.get() / 1000.0)
                    .tag("job", job.name())
                    .baseUnit("seconds")
                    .description("How long the most overdue item of the job's last run had been due (0: none was"
                            + " late, or the job's items carry no due time)")
                    .register(meters);
        }

        private static Timer timer(MeterRegistry meters, String job, String outcome) {
            return Timer.builder("huddle.worker.job")
                    .tag("job", job)
                    .tag("outcome", outcome)
                    .description("Runs of a maintenance job and how long they took")
                    .register(meters);
        }

        private static Counter items(MeterRegistry meters, String job, String result) {
            return Counter.builder("huddle.worker.items")
                    .tag("job", job)
                    .tag("result", result)
                    .description("Items a maintenance job handled, left alone or failed on")
                    .register(meters);
        }

        synchronized void runOnce() {
            long start = System.nanoTime();
            try {
                var round = job.job().handle();
                succeeded.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                lastSuccess.set(clock.instant().getEpochSecond());
                count(round);
            } catch (RuntimeException e) {
                failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                log.atWarn()
                        .addKeyValue("job", job.name())
                        .setCause(e)
                        .log("maintenance job failed; it runs again next round");
            } catch (Error e) {
                // Thrown out of a scheduled task it would silently end the job's schedule: log, then rethrow.
                failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                log.atError().addKeyValue("job", job.name()).setCause(e).log("maintenance job crashed");
                throw e;
            }
        }

        private void count(Round round) {
            lagMillis.set(round.lag().toMillis());
            handled.increment(round.handled());
            skipped.increment(round.skipped());
            itemFailures.increment(round.failures().size());
            var failures = round.failures();
            for (int i = 0; i < Math.min(failures.size(), LOGGED_FAILURES_PER_RUN); i++) {
                var failure = failures.get(i);
                log.atWarn()
                        .addKeyValue("job", job.name())
                        .addKeyValue("item", failure.item())
                        .setCause(failure.error())
                        .log("maintenance item failed; it is due again in a later round");
            }
            if (failures.size() > LOGGED_FAILURES_PER_RUN) {
                log.atWarn()
                        .addKeyValue("job", job.name())
                        .addKeyValue("failed", failures.size())
                        .log("more maintenance items failed in this run than are logged one by one");
            }
            if (round.handled() > 0 || !failures.isEmpty()) {
                log.atInfo()
                        .addKeyValue("job", job.name())
                        .addKeyValue("handled", round.handled())
                        .addKeyValue("skipped", round.skipped())
                        .addKeyValue("failed", failures.size())
                        .log("maintenance run");
            }
        }
    }
}
