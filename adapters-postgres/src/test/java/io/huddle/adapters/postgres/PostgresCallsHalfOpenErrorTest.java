package io.huddle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * A trial call of the half-open breaker that dies with an Error (a StackOverflowError in the driver, say) gives its
 * permission back: PostgreSQL answering again lets calls through, where before the breaker stayed half-open, waiting
 * for an outcome that never came, and refused every call until a restart.
 */
class PostgresCallsHalfOpenErrorTest {

    @Test
    void one_trial_call_that_threw_an_error_does_not_leave_the_breaker_half_open_refusing_every_call() {
        ConnectionFactory pool = () -> (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> null);
        var breaker = PostgresCalls.breaker(CircuitBreakerRegistry.ofDefaults());
        var calls = new PostgresCalls(pool, Jdbi.create(pool), breaker, () -> {
            throw new IllegalStateException("PostgreSQL does not answer yet");
        });
        try {
            // PostgreSQL was away longer than OPEN_FOR (30 s): the breaker lets two trial calls through.
            breaker.transitionToOpenState();
            breaker.transitionToHalfOpenState();

            // One trial call (a send's group commit, say) dies with an Error inside the driver.
            var thrown = catchThrowable(() -> calls.withConnection(connection -> {
                throw new OutOfMemoryError("Java heap space");
            }));
            assertThat(thrown).isInstanceOf(OutOfMemoryError.class);

            // PostgreSQL answers: the second trial call succeeds, and calls after it must go through too.
            for (int i = 0; i < 3; i++) {
                var answer = catchThrowable(() -> calls.withConnection(connection -> 1));
                assertThat(answer)
                        .as(
                                "call %d after the Error: state %s, available() %s",
                                i, breaker.getState(), calls.available())
                        .isNull();
            }
        } finally {
            calls.close();
        }
    }
}
