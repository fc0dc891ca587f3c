package io.stategrid.persistence.store;

import com.hazelcast.map.MapStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.stategrid.persistence.codec.StoredRow;
import io.stategrid.persistence.postgres.SqlErrors;
import io.stategrid.persistence.store.SqlRetry.GaveUp;
import io.stategrid.persistence.store.SqlRetry.PermanentFailure;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * dead-lettered as such. The spec's {@link StoreHook} writes what a batch brings into other tables in
 * the transaction of its upsert. Called by Hazelcast's write-behind thread (storeAll, deleteAll) and, for
 * write-through and loads, by partition threads.
 */
public final class JdbcEntryStore<V> implements MapStore<String, V> {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcEntryStore.class);

    private final PersistentMapSpec<V> spec;
    private final PersistenceContext context;
    private final EntryWrites<V> writes;
    private final EntryReads<V> reads;
    private final SqlRetry retry;
    private final Counter storedRows;
    private final Counter batches;
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
        Counter transientFailures = Counter.builder("stategrid.persistence.failures")
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
        this.writes = new EntryWrites<>(map, spec.hook());
        this.reads = new EntryReads<>(spec, context);
        this.retry = new SqlRetry(map, spec.mode(), context, transientFailures);
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
                retry.run(connection -> writes.upsert(connection, plain, values));
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
                plain.forEach(row -> deadLetter(row.key(), "store", row.json(), e.getMessage(), e.attempts()));
            }
        }
        fenced.forEach(row -> storeAlone(row, values));
    }

    /**
     * Stores one row in a transaction of its own, up to the configured attempts; a fenced row that
     * changed nothing because PostgreSQL holds a higher token is dead-lettered as stale.
     */
    private void storeAlone(StoredRow row, Map<String, V> values) {
        SQLException last = null;
        for (int attempt = 1; attempt <= spec.deadLetterAttempts(); attempt++) {
            try {
                int updated = retry.run(connection -> writes.upsert(connection, List.of(row), values));
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
                deadLetter(row.key(), "store", row.json(), e.getMessage(), e.attempts());
                return;
            }
        }
        deadLetter(row.key(), "store", row.json(), SqlErrors.brief(last), spec.deadLetterAttempts());
    }

    private boolean isFenceStale(StoredRow row) throws PermanentFailure, GaveUp {
        return retry.run(connection -> writes.isFenceStale(connection, row));
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
            retry.run(connection -> writes.delete(connection, array));
            succeeded(0);
        } catch (PermanentFailure e) {
            permanentFailures.increment();
            for (String key : array) {
                deadLetter(key, "delete", null, SqlErrors.brief(e.getCause()), 1);
            }
        } catch (GaveUp e) {
            for (String key : array) {
                deadLetter(key, "delete", null, e.getMessage(), e.attempts());
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
        return reads.loadAll(keys);
    }

    /** Every live key, for eager maps; lazy maps return null so Hazelcast loads by key only. */
    @Override
    public Iterable<String> loadAllKeys() {
        if (!spec.eagerLoad()) {
            return null;
        }
        List<String> keys = reads.liveKeys();
        LOG.info("map {}: loading {} key(s) from PostgreSQL", spec.mapName(), keys.size());
        return keys;
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
}
