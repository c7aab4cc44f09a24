/**
 * The background jobs of PROTOCOL.md section 6: ending expired and inactive sessions, removing idle
 * members, clearing the presence of dead gateway instances, and purging past retention. Each job
 * handles one bounded batch per run and reports what it did as a {@link
 * io.huddle.application.maintenance.Round}; whoever schedules them (the worker, or the embedded
 * gateway) logs and counts. Several processes may run the same jobs at once: the stores' claims and
 * atomic steps make each item's effect happen once.
 */
package io.huddle.application.maintenance;
