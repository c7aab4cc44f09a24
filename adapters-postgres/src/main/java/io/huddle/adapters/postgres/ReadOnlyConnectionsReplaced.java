package io.huddle.adapters.postgres;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Has the pool drop a connection that answered "read-only transaction" (SQLState 25006). After a failover
 * that leaves the pool's connections open on the old primary, now a replica, every write on them fails so,
 * and HikariCP, which drops a connection only on a connection error, would keep them until their lifetime
 * runs out (30 minutes); a new connection reaches the new primary (through a DNS name or a proxy that
 * follows it). Every other error is judged as HikariCP judges it.
 */
final class ReadOnlyConnectionsReplaced implements SQLExceptionOverride {
    static final String READ_ONLY_TRANSACTION = "25006";

    @java.lang.Override
    public Override adjudicate(SQLException failure) {
        for (var e = failure; e != null; e = e.getNextException()) {
            if (READ_ONLY_TRANSACTION.equals(e.getSQLState())) return Override.MUST_EVICT;
        }
        return Override.CONTINUE_EVICT;
    }
}
