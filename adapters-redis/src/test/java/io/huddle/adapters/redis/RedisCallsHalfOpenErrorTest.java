package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A trial call of the half-open breaker that dies with an Error gives its permission back: Redis answering again lets
 * calls through, where before the breaker stayed half-open with its one trial used up, and refused every call (presence
 * and limits local, the fan-out by catch-ups) until a restart.
 */
class RedisCallsHalfOpenErrorTest {

    @Test
    void a_trial_call_that_threw_an_error_does_not_leave_the_breaker_half_open_refusing_every_call() {
        var registry = CircuitBreakerRegistry.ofDefaults();
        var calls = new RedisCalls(
                registry,
                () -> {
                    throw new IllegalStateException("Redis does not answer yet");
                },
                () -> {},
                Duration.ofMillis(10));
        try {
            var breaker = registry.circuitBreaker(RedisCalls.STORE);
            // Redis was away longer than OPEN_FOR (30 s): the breaker lets one trial call through.
            breaker.transitionToOpenState();
            breaker.transitionToHalfOpenState();

            // That trial call dies with an Error (StackOverflowError, OutOfMemoryError, ...).
            var thrown = catchThrowable(() -> calls.call(() -> {
                throw new StackOverflowError();
            }));
            assertThat(thrown).isInstanceOf(StackOverflowError.class);

            // Redis answers; every later call must be let through again (or at least tried).
            var answer = catchThrowable(() -> calls.call(() -> "PONG"));
            assertThat(answer)
                    .as("state %s, available() %s", breaker.getState(), calls.available())
                    .isNull();
        } finally {
            calls.close();
        }
    }
}
