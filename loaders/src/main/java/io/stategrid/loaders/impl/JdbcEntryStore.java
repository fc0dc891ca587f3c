package io.stategrid.loaders.impl;

import com.hazelcast.map.MapStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.loaders.PersistenceContext;
import io.stategrid.loaders.PersistenceMode;
import io.stategrid.loaders.PersistentMapSpec;
import io.stategrid.loaders.StoredRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MapStore of one persistent map, over {@code grid_entries}.
 *
 * <p>Contract: {@code storeAll} is one batched upsert per transaction and is idempotent (a row is only
 * replaced by an equal or higher {@code version}, so batches replayed after a failover change nothing).
 * Write-behind stores retry transient failures (PostgreSQL down, connection lost) with backoff for as
 * long as it takes, so an outage only delays the queue; once the member is closing they give up and
 * dead-letter what is left. Entries that fail for a permanent reason (constraint, bad data) are retried
 * one by one up to the configured attempts, then dead-lettered with their error; the rest of their batch
 * is stored. A store whose fencing token is lower than the one PostgreSQL holds is refused and
 * dead-lettered as such. Called by Hazelcast's write-behind thread (storeAll, deleteAll) and, for
 * write-through and loads, by partition threads.
 */
public final class JdbcEntryStore<V> implements MapStore<String, V> {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcEntryStore.class);
    private static final int LOAD_CHUNK = 1000;
    // Short enough that a queue starts draining within ~3 s of PostgreSQL's return.
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    private static final String COLUMNS = "key, tenant, subject, version, expires_at, fence, value::text";
    private static final String UPSERT = "insert into grid_entries as e"
            + " (map_name, key, tenant, subject, version, expires_at, fence, value, updated_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, now())"
            + " on conflict (map_name, key) do update set tenant = excluded.tenant, subject = excluded.subject,"
            + " version = excluded.version, expires_at = excluded.expires_at,"
            + " fence = coalesce(excluded.fence, e.fence), value = excluded.value, updated_at = now()"
            + " where excluded.version >= e.version"
            + " and (excluded.fence is null or e.fence is null or excluded.fence >= e.fence)";

    private final PersistentMapSpec<V> spec;
    private final PersistenceContext context;
    private final Counter storedRows;
    private final Counter batches;
    private final Counter transientFailures;
    private final Counter permanentFailures;
    private final Counter deadLettered;
    private final Counter fenceRejections;
    private final Timer batchTime;
    private volatile long lastSuccessMillis = System.currentTimeMillis();

    public JdbcEntryStore(PersistentMapSpec<V> spec, PersistenceContext context) {
        this.spec = spec;
        this.context = context;
        var registry = context.registry();
        String map = spec.mapName();
        this.storedRows = Counter.builder("stategrid.persistence.stored.rows")
                .tag("map", map)
                .register(registry);
        this.batches =
                Counter.builder("stategrid.persistence.batches").tag("map", map).register(registry);
        this.transientFailures = Counter.builder("stategrid.persistence.failures")
                .tag("map", map)
                .tag("kind", "transient")
                .register(registry);
        this.permanentFailures = Counter.builder("stategrid.persistence.failures")
                .tag("map", map)
                .tag("kind", "permanent")
                .register(registry);
        this.deadLettered = Counter.builder("stategrid.persistence.dead.letters")
                .tag("map", map)
                .register(registry);
        this.fenceRejections = Counter.builder("stategrid.persistence.fence.rejections")
                .tag("map", map)
                .register(registry);
        this.batchTime = Timer.builder("stategrid.persistence.batch.duration")
                .tag("map", map)
                .register(registry);
    }

    /** When a store last succeeded; with a non-empty backlog, how long persistence has stalled. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    @Override
    public void store(String key, V value) {
        storeAll(Map.of(key, value));
    }

    @Override
    public void storeAll(Map<String, V> entries) {
        List<StoredRow> plain = new ArrayList<>(entries.size());
        List<StoredRow> fenced = new ArrayList<>();
        Map<String, V> values = new HashMap<>(entries);
        for (Map.Entry<String, V> entry : entries.entrySet()) {
            StoredRow row;
            try {
                row = spec.codec().encode(entry.getKey(), entry.getValue());
            } catch (RuntimeException e) {
                deadLetter(entry.getKey(), "store", String.valueOf(entry.getValue()), "cannot encode: " + e, 1);
                continue;
            }
            (row.fence() == null ? plain : fenced).add(row);
        }
        if (!plain.isEmpty()) {
            long start = System.nanoTime();
            try {
                withTransientRetry(connection -> upsert(connection, plain, values));
                batchTime.record(Duration.ofNanos(System.nanoTime() - start));
                succeeded(plain.size());
            } catch (PermanentFailure e) {
                permanentFailures.increment();
                LOG.warn(
                        "batch of {} for map {} failed permanently ({}); storing row by row",
                        plain.size(),
                        spec.mapName(),
                        SqlErrors.brief(e.getCause()));
                plain.forEach(row -> storeAlone(row, values));
            } catch (GaveUp e) {
                plain.forEach(row -> deadLetter(row.key(), "store", row.json(), e.getMessage(), e.attempts));
            }
        }
        fenced.forEach(row -> storeAlone(row, values));
    }

    private void storeAlone(StoredRow row, Map<String, V> values) {
        SQLException last = null;
        for (int attempt = 1; attempt <= spec.deadLetterAttempts(); attempt++) {
            try {
                int updated = withTransientRetry(connection -> upsert(connection, List.of(row), values));
                if (updated == 0 && row.fence() != null && isFenceStale(row)) {
                    fenceRejections.increment();
                    deadLetter(
                            row.key(),
                            "store",
                            row.json(),
                            "stale fencing token " + row.fence() + ": PostgreSQL already holds a higher one",
                            attempt);
                } else {
                    succeeded(1);
                }
                return;
            } catch (PermanentFailure e) {
                last = e.getCause();
            } catch (GaveUp e) {
                deadLetter(row.key(), "store", row.json(), e.getMessage(), e.attempts);
                return;
            }
        }
        deadLetter(row.key(), "store", row.json(), describe(last), spec.deadLetterAttempts());
    }

    @Override
    public void delete(String key) {
        deleteAll(List.of(key));
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        String[] array = keys.toArray(String[]::new);
        try {
            withTransientRetry(connection -> {
                try (PreparedStatement statement =
                        connection.prepareStatement("delete from grid_entries where map_name = ? and key = any(?)")) {
                    statement.setString(1, spec.mapName());
                    statement.setArray(2, connection.createArrayOf("text", array));
                    return statement.executeUpdate();
                }
            });
            succeeded(0);
        } catch (PermanentFailure e) {
            permanentFailures.increment();
            for (String key : array) {
                deadLetter(key, "delete", null, describe(e.getCause()), 1);
            }
        } catch (GaveUp e) {
            for (String key : array) {
                deadLetter(key, "delete", null, e.getMessage(), e.attempts);
            }
        }
    }

    @Override
    public V load(String key) {
        Map<String, V> loaded = loadAll(List.of(key));
        return loaded.get(key);
    }

    @Override
    public Map<String, V> loadAll(Collection<String> keys) {
        Map<String, V> result = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += LOAD_CHUNK) {
            String[] chunk =
                    all.subList(from, Math.min(all.size(), from + LOAD_CHUNK)).toArray(String[]::new);
            try (Connection connection = context.pool().connection();
                    PreparedStatement statement =
                            connection.prepareStatement("select " + COLUMNS + " from grid_entries where map_name = ?"
                                    + " and key = any(?) and (expires_at is null or expires_at > now())")) {
                statement.setString(1, spec.mapName());
                statement.setArray(2, connection.createArrayOf("text", chunk));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        StoredRow row = row(rs);
                        result.put(row.key(), spec.codec().decode(row));
                    }
                }
            } catch (SQLException e) {
                throw StategridException.of(
                        ErrorCode.UNAVAILABLE, "cannot load from map %s: %s", spec.mapName(), SqlErrors.brief(e));
            }
        }
        return result;
    }

    /** Every live key, for eager maps; lazy maps return null so Hazelcast loads by key only. */
    @Override
    public Iterable<String> loadAllKeys() {
        if (!spec.eagerLoad()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        try (Connection connection = context.pool().connection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("select key from grid_entries"
                    + " where map_name = ? and (expires_at is null or expires_at > now())")) {
                statement.setFetchSize(LOAD_CHUNK);
                statement.setString(1, spec.mapName());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StategridException.of(
                    ErrorCode.UNAVAILABLE, "cannot list keys of map %s: %s", spec.mapName(), SqlErrors.brief(e));
        }
        LOG.info("map {}: loading {} key(s) from PostgreSQL", spec.mapName(), keys.size());
        return keys;
    }

    private int upsert(Connection connection, List<StoredRow> rows, Map<String, V> all) throws SQLException {
        Map<String, V> values = new HashMap<>();
        rows.forEach(row -> values.put(row.key(), all.get(row.key())));
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            for (StoredRow row : rows) {
                statement.setString(1, spec.mapName());
                statement.setString(2, row.key());
                statement.setString(3, row.tenant());
                statement.setString(4, row.subject());
                statement.setLong(5, row.version());
                statement.setTimestamp(6, row.expiresAt() == null ? null : Timestamp.from(row.expiresAt()));
                if (row.fence() == null) {
                    statement.setNull(7, Types.BIGINT);
                } else {
                    statement.setLong(7, row.fence());
                }
                statement.setString(8, row.json());
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            spec.codec().writeAlongside(connection, values);
            connection.commit();
            connection.setAutoCommit(true);
            spec.codec().committed(values);
            int updated = 0;
            for (int count : counts) {
                updated += Math.max(count, 0);
            }
            return updated;
        } catch (SQLException e) {
            // On a dropped connection the rollback fails too ("Connection is closed"); keep the original
            // failure, which says whether this was an outage or bad data.
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    private boolean isFenceStale(StoredRow row) throws PermanentFailure, GaveUp {
        return withTransientRetry(connection -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("select fence from grid_entries where map_name = ? and key = ?")) {
                statement.setString(1, spec.mapName());
                statement.setString(2, row.key());
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() && rs.getObject(1) != null && rs.getLong(1) > row.fence();
                }
            }
        });
    }

    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work}, retrying transient failures with capped exponential backoff. Write-through
     * gives up after a few seconds (the caller is waiting and gets UNAVAILABLE); write-behind retries
     * until it succeeds or the member is closing.
     */
    private <T> T withTransientRetry(SqlWork<T> work) throws PermanentFailure, GaveUp {
        long backoff = 100;
        int attempts = 0;
        long deadline =
                spec.mode() == PersistenceMode.WRITE_THROUGH ? System.currentTimeMillis() + 5_000 : Long.MAX_VALUE;
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
                if (spec.mode() == PersistenceMode.WRITE_THROUGH && System.currentTimeMillis() >= deadline) {
                    throw StategridException.of(
                            ErrorCode.UNAVAILABLE,
                            "PostgreSQL unavailable for map %s: %s",
                            spec.mapName(),
                            SqlErrors.brief(e));
                }
                if (context.isClosing()) {
                    throw new GaveUp(
                            "PostgreSQL unavailable while the member was closing: " + SqlErrors.brief(e), attempts);
                }
                if (attempts == 1 || attempts % 20 == 0) {
                    LOG.warn(
                            "map {}: PostgreSQL unavailable ({}); retrying (attempt {})",
                            spec.mapName(),
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

    private void succeeded(int rows) {
        storedRows.increment(rows);
        batches.increment();
        lastSuccessMillis = System.currentTimeMillis();
    }

    private void deadLetter(String key, String operation, String value, String error, int attempts) {
        deadLettered.increment();
        context.deadLetters().record(spec.mapName(), key, operation, value, error, attempts);
    }

    private static StoredRow row(ResultSet rs) throws SQLException {
        Timestamp expires = rs.getTimestamp(5);
        Object fence = rs.getObject(6);
        return new StoredRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                expires == null ? null : expires.toInstant(),
                fence == null ? null : ((Number) fence).longValue(),
                rs.getString(7));
    }

    private static String describe(SQLException e) {
        return SqlErrors.brief(e);
    }

    private static final class PermanentFailure extends Exception {
        private static final long serialVersionUID = 1L;

        PermanentFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private static final class GaveUp extends Exception {
        private static final long serialVersionUID = 1L;
        private final int attempts;

        GaveUp(String message, int attempts) {
            super(message);
            this.attempts = attempts;
        }
    }
}
