package io.huddle.adapters.postgres;

import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every statement slower than the threshold at WARN with its duration. Only the statement text
 * with its {@code ?} placeholders is logged, never a bound value: values can be tokens or messages.
 */
final class SlowQueryLogger implements SqlLogger {
    private static final Logger log = LoggerFactory.getLogger(SlowQueryLogger.class);

    private final Duration threshold;

    SlowQueryLogger(Duration threshold) {
        this.threshold = threshold;
    }

    @Override
    public void logAfterExecution(StatementContext context) {
        report(context, "Slow query");
    }

    @Override
    public void logException(StatementContext context, SQLException ex) {
        report(context, "Slow failed query");
    }

    private void report(StatementContext context, String what) {
        if (context.getExecutionMoment() == null) return;
        long micros = context.getElapsedTime(ChronoUnit.MICROS);
        if (micros < threshold.toNanos() / 1000) return;
        long millis = micros / 1000;
        String sql =
                context.getParsedSql() == null ? "?" : context.getParsedSql().getSql();
        log.atWarn()
                .addKeyValue("durationMs", millis)
                .addKeyValue("sql", sql)
                .log("{} took {} ms: {}", what, millis, sql);
    }
}
