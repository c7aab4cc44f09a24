package io.huddle.domain.presence;

import java.time.Duration;
import java.util.Set;

/**
 * Which gateway instances are alive: each one beats every few seconds, and an instance whose last
 * beat is older than the time-to-live it gave is dead (its sockets are ghosts). Shared by every
 * process (Redis); safe for concurrent use.
 */
public interface InstanceRegistry {

    /** Marks {@code instanceId} alive for {@code ttl} from now, replacing its previous beat. */
    void heartbeat(String instanceId, Duration ttl);

    boolean isAlive(String instanceId);

    /** Every instance alive now. */
    Set<String> live();
}
