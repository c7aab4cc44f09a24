package io.huddle.adapters.web;

import java.util.concurrent.atomic.AtomicReference;

/** Whether this instance takes traffic: starting, then ready, then draining for good. */
final class Readiness {
    enum State {
        STARTING,
        READY,
        DRAINING
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

    State state() {
        return state.get();
    }

    /** Only a starting instance becomes ready: one that began draining never takes traffic again. */
    void ready() {
        state.compareAndSet(State.STARTING, State.READY);
    }

    void draining() {
        state.set(State.DRAINING);
    }
}
