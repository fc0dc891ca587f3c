package io.stategrid.persistence.store;

import io.micrometer.core.instrument.Counter;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.persistence.postgres.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one piece of SQL work of a map's store on a pooled connection, retrying transient failures
 * (PostgreSQL down, connection lost, schema not migrated yet) with capped exponential backoff.
 * Write-through gives up after a few seconds (the caller is waiting and gets UNAVAILABLE);
 * write-behind retries until it succeeds or the member is closing.
 */
final class SqlRetry {
    private static final Logger LOG = LoggerFactory.getLogger(SqlRetry.class);
    // Short enough that a queue starts draining within ~3 s of PostgreSQL's return.
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    private static final long WRITE_THROUGH_PATIENCE_MILLIS = 5_000;

    private final String mapName;
    private final PersistenceMode mode;
    private final PersistenceContext context;
    private final Counter transientFailures;

    SqlRetry(String mapName, PersistenceMode mode, PersistenceContext context, Counter transientFailures) {
        this.mapName = mapName;
        this.mode = mode;
        this.context = context;
        this.transientFailures = transientFailures;
    }

    /** SQL work on a connection that the retry borrows and closes. */
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} until it succeeds or fails for good.
     *
     * @throws PermanentFailure when PostgreSQL refused the work itself (bad data, constraint)
     * @throws GaveUp           when the pool is closed, the member is closing or the thread was interrupted
     * @throws StategridException {@code UNAVAILABLE} when a write-through map waited too long
     */
    <T> T run(SqlWork<T> work) throws PermanentFailure, GaveUp {
        long backoff = 100;
        int attempts = 0;
        long deadline = mode == PersistenceMode.WRITE_THROUGH
                ? System.currentTimeMillis() + WRITE_THROUGH_PATIENCE_MILLIS
                : Long.MAX_VALUE;
        while (true) {
            attempts++;
            if (context.pool().isClosed()) {
                throw new GaveUp("the member's connection pool is closed", attempts);
            }
            try (Connection connection = context.pool().connection()) {
                return work.run(connection);
            } catch (SQLException e) {
                boolean schemaMissing =
                        SqlErrors.isUndefinedTable(e) && !context.migrator().isReady();
                if (!SqlErrors.isTransient(e) && !schemaMissing) {
                    throw new PermanentFailure(e);
                }
                transientFailures.increment();
                if (mode == PersistenceMode.WRITE_THROUGH && System.currentTimeMillis() >= deadline) {
                    throw StategridException.of(
                            ErrorCode.UNAVAILABLE,
                            "PostgreSQL unavailable for map %s: %s",
                            mapName,
                            SqlErrors.brief(e));
                }
                if (context.isClosing()) {
                    throw new GaveUp(
                            "PostgreSQL unavailable while the member was closing: " + SqlErrors.brief(e), attempts);
                }
                if (attempts == 1 || attempts % 20 == 0) {
                    LOG.warn(
                            "map {}: PostgreSQL unavailable ({}); retrying (attempt {})",
                            mapName,
                            SqlErrors.brief(e),
                            attempts);
                }
                sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private static void sleep(long millis) throws GaveUp {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GaveUp("interrupted while waiting for PostgreSQL", 1);
        }
    }

    /** PostgreSQL refused the work for a reason that retrying will not fix. */
    static final class PermanentFailure extends Exception {
        private static final long serialVersionUID = 1L;

        PermanentFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /** The retry stopped before PostgreSQL came back; the message says why. */
    static final class GaveUp extends Exception {
        private static final long serialVersionUID = 1L;
        private final int attempts;

        GaveUp(String message, int attempts) {
            super(message);
            this.attempts = attempts;
        }

        int attempts() {
            return attempts;
        }
    }
}
