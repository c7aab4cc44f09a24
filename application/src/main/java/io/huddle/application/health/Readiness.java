package io.huddle.application.health;

import java.util.concurrent.atomic.AtomicReference;

/** Whether this instance takes traffic: starting, then ready, then draining for good. */
public final class Readiness {
    public enum State {
        STARTING,
        READY,
        DRAINING
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

    public State state() {
        return state.get();
    }

    /** Only a starting instance becomes ready: one that began draining never takes traffic again. */
    public void ready() {
        state.compareAndSet(State.STARTING, State.READY);
    }

    public void draining() {
        state.set(State.DRAINING);
    }
}
