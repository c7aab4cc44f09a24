package io.huddle.worker;

import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.settings.Env;

/** Everything the worker reads from its environment, validated (PROTOCOL.md section 9). */
public record WorkerConfig(CommonSettings common) {
    public static final int DEFAULT_PORT = 8081;

    public static WorkerConfig from(Env env) {
        return new WorkerConfig(CommonSettings.from(env, DEFAULT_PORT));
    }
}
