package io.huddle.runtime;

import io.huddle.application.UseCases;
import io.huddle.application.maintenance.Batch;
import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.settings.MaintenanceSettings;

/** The use cases' settings from what both apps read; the gateway adds its own (limits, sockets, codes). */
public final class Wiring {
    private Wiring() {}

    public static UseCases.Settings settings(CommonSettings common, MaintenanceSettings maintenance) {
        var defaults = UseCases.Settings.defaults();
        return new UseCases.Settings(
                common.maxSessionLifetime(),
                defaults.codeLength(),
                defaults.maxSocketsPerMember(),
                defaults.limits(),
                defaults.typingTimeout(),
                defaults.gapWait(),
                defaults.heartbeat(),
                defaults.tickEvery(),
                common.instanceId(),
                common.inactivityTimeout(),
                common.memberIdleTimeout(),
                common.retention(),
                new Batch(maintenance.batchSize(), maintenance.claimLease()));
    }
}
