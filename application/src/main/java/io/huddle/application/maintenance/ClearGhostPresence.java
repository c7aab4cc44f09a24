package io.huddle.application.maintenance;

import io.huddle.application.session.SessionViews;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.presence.InstanceRegistry;
import io.huddle.domain.presence.PresenceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Unregisters the sockets of gateway instances that stopped beating (they died without closing
 * them), and publishes {@code MemberOffline} for each member whose last socket that was. One run
 * walks the registered sockets until the walk is done or a batch of ghosts is cleared; the next run
 * goes on where it stopped. An instance counts as dead only when asked after its socket was seen, so
 * a gateway that beats before it takes sockets never loses a live one.
 *
 * <p>A walk reads every socket registration, and on Redis that is a {@code SCAN} of the whole keyspace:
 * so a round walks only when there may be ghosts to find, that is when an instance seen alive since the
 * last walk began is gone now, when the last walk left sockets unjudged, failed on some or was cut short,
 * and at least every {@link #WALK_AT_LEAST_EVERY} (for instances no round saw alive: one that lived between
 * two rounds, or a gateway of a version that does not list itself among the live instances).
 *
 * <p>After a round that could not reach the stores, a missing entry is no proof of death for
 * {@link #AFTER_OUTAGE}: a Redis paused (SIGSTOP, a frozen VM) for longer than the entries live
 * resumes with its clock moved on, and every gateway's entry runs out at once, while the gateways
 * beat again within a second of Redis answering. Judged at once, their live sockets were cleared,
 * their members announced {@code offline} and left offline for as long as the sockets stayed open.
 */
public final class ClearGhostPresence implements MaintenanceJob {
    /** A gateway's heartbeat interval (5 s) and a second for its first beat once Redis answers again. */
    public static final Duration AFTER_OUTAGE = Duration.ofSeconds(6);

    /** The longest time between two walks when no instance was seen to go. */
    public static final Duration WALK_AT_LEAST_EVERY = Duration.ofMinutes(5);

    private final PresenceStore presence;
    private final InstanceRegistry instances;
    private final MemberStore members;
    private final EventBus events;
    private final InstantSource clock;
    private final int batchSize;
    /** Whether the last round could not reach the stores. */
    private boolean outage;
    /** Missing entries are taken for dead instances from this instant on. */
    private Instant judgedFrom = Instant.MIN;
    /** Where the walk over the sockets goes on; empty: start a new walk. */
    private Optional<String> cursor = Optional.empty();
    /** Every instance seen alive since the last walk began: one of them gone means ghosts to find. */
    private final Set<String> seenAlive = new HashSet<>();
    /** When the last walk began; a new worker walks at once. */
    private Instant walkBegan = Instant.MIN;
    /** Whether the last walk left sockets unjudged (just after an outage), failed on some or was cut short. */
    private boolean walkAgain = true;

    public ClearGhostPresence(
            PresenceStore presence,
            InstanceRegistry instances,
            MemberStore members,
            EventBus events,
            InstantSource clock,
            int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size " + batchSize);
        this.presence = presence;
        this.instances = instances;
        this.members = members;
        this.events = events;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    @Override
    public synchronized Round handle() {
        var now = clock.instant();
        if (outage) judgedFrom = now.plus(AFTER_OUTAGE);
        outage = false;
        try {
            var live = instances.live();
            boolean someoneGone = !live.containsAll(seenAlive);
            seenAlive.addAll(live);
            boolean due = cursor.isPresent()
                    || walkAgain
                    || someoneGone
                    || !now.isBefore(walkBegan.plus(WALK_AT_LEAST_EVERY));
            if (!due) return Round.of(0);
            if (cursor.isEmpty()) {
                walkBegan = now;
                seenAlive.clear();
                seenAlive.addAll(live);
                walkAgain = false;
            }
            return walk(now.isBefore(judgedFrom));
        } catch (RuntimeException e) {
            // A walk cut short is walked again: the instance whose going called for it is out of seenAlive now,
            // so nothing else would say so before the longest wait.
            walkAgain = true;
            if (e instanceof StoreUnavailable) outage = true;
            throw e;
        }
    }

    private Round walk(boolean justAfterOutage) {
        var tally = new Round.Tally();
        Map<String, Boolean> alive = new HashMap<>();
        do {
            var step = presence.scanSockets(cursor, batchSize);
            for (var socket : step.sockets()) {
                var instance = socket.instanceId();
                if (!alive.containsKey(instance)) alive.put(instance, instances.isAlive(instance));
                if (alive.get(instance)) continue;
                if (justAfterOutage) {
                    tally.skipped();
                    walkAgain = true;
                    continue;
                }
                try {
                    if (presence.socketClosed(socket.session(), socket.member(), socket.socketId())) {
                        var session = socket.session();
                        members.find(session, socket.member())
                                .ifPresent(m -> events.publish(new SessionEvent.MemberOffline(
                                        session, m, SessionViews.headcount(members, presence, session))));
                    }
                    tally.handled();
                } catch (RuntimeException e) {
                    tally.failed(socket.session().value() + "/" + socket.socketId(), e);
                    walkAgain = true;
                }
            }
            cursor = step.next();
        } while (cursor.isPresent() && tally.handledSoFar() < batchSize);
        return tally.round();
    }
}
