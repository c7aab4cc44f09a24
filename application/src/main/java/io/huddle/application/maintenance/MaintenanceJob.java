package io.huddle.application.maintenance;

/**
 * A background job: each run handles at most one batch of what is due and returns what it did. A run
 * throws only when it could not even find its work (a store is down); an item that fails is reported
 * in the {@link Round} and the run goes on with the next one.
 */
public interface MaintenanceJob {
    Round handle();
}
