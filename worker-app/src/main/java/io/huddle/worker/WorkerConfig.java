package io.huddle.worker;

import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.settings.Env;
import io.huddle.runtime.settings.MaintenanceSettings;
import io.huddle.runtime.settings.WebhookSettings;
import java.util.Optional;

/** Everything the worker reads from its environment, validated (PROTOCOL.md section 9, docs/operations.md). */
public record WorkerConfig(CommonSettings common, MaintenanceSettings maintenance, Optional<WebhookSettings> webhooks) {
    public static final int DEFAULT_PORT = 8081;

    public static WorkerConfig from(Env env) {
        return new WorkerConfig(
                CommonSettings.from(env, DEFAULT_PORT), MaintenanceSettings.from(env), WebhookSettings.from(env));
    }
}
