package io.stategrid.persistence.load;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheValue;
import io.stategrid.cache.CacheWrite;
import io.stategrid.cache.Caches;
import io.stategrid.cache.WarmUpProgress;
import io.stategrid.persistence.postgres.PostgresPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Bulk warm-up of a cache from its {@code loader.warmUpSql}: each row is a key (first column) and its
 * value (the second column as JSON, or the remaining columns as an object, see {@link RowValues}).
 * Rows stream from PostgreSQL with a fetch size (never all in memory) and go to the cache in batches
 * through {@link Caches#putAll}, one batch in flight while the next is read.
 *
 * <p>Contract: {@link #run} does its work on the given executor (blocking JDBC and waits for batches;
 * give it a thread of its own). It first counts the rows ({@code select count(*)} over the query; -1
 * when that fails), then reports {@link WarmUpProgress} after every stored batch and once more with
 * {@code done}. A failure (query, a batch refused) stops the warm-up: rows already written stay
 * cached, the stage fails, nothing is retried. Rows whose value is SQL NULL are skipped.
 */
public final class CacheWarmUp {
    public static final int DEFAULT_FETCH_SIZE = 1000;
    public static final int DEFAULT_BATCH_SIZE = 500;

    private final PostgresPool pool;
    private final Caches caches;
    private final int fetchSize;
    private final int batchSize;

    public CacheWarmUp(PostgresPool pool, Caches caches) {
        this(pool, caches, DEFAULT_FETCH_SIZE, DEFAULT_BATCH_SIZE);
    }

    public CacheWarmUp(PostgresPool pool, Caches caches, int fetchSize, int batchSize) {
        if (fetchSize < 1 || batchSize < 1) {
            throw new IllegalArgumentException(
                    "fetchSize and batchSize must be >= 1, got " + fetchSize + ", " + batchSize);
        }
        this.pool = pool;
        this.caches = caches;
        this.fetchSize = fetchSize;
        this.batchSize = batchSize;
    }

    /**
     * Warms {@code spec}'s cache for {@code tenant}; {@code progress} hears every step on the warm-up's thread.
     *
     * @throws StategridException {@code INVALID_ARGUMENT} when the cache has no {@code warmUpSql}
     */
    public CompletableFuture<WarmUpProgress> run(
            String tenant, CacheSpec spec, Consumer<WarmUpProgress> progress, Executor executor) {
        if (spec.loader() == null
                || spec.loader().warmUpSql() == null
                || spec.loader().warmUpSql().isBlank()) {
            throw StategridException.invalid("cache %s has no loader.warmUpSql to warm up from", spec.name());
        }
        return CompletableFuture.supplyAsync(
                () -> warm(tenant, spec.name(), spec.loader().warmUpSql(), progress), executor);
    }

    private WarmUpProgress warm(String tenant, String cache, String sql, Consumer<WarmUpProgress> progress) {
        long total = count(sql);
        progress.accept(new WarmUpProgress(cache, total, 0, false));
        long loaded = 0;
        CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
        int inFlightRows = 0;
        try (Connection connection = pool.connection()) {
            // pgjdbc streams with a cursor only inside a transaction.
            connection.setAutoCommit(false);
            try (PreparedStatement statement =
                    connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(fetchSize);
                try (ResultSet rows = statement.executeQuery()) {
                    int columns = rows.getMetaData().getColumnCount();
                    if (columns < 2) {
                        throw StategridException.invalid(
                                "cache %s: warmUpSql must return the key and the value, got %d" + " column(s)",
                                cache, columns);
                    }
                    Map<String, CacheWrite> batch = new LinkedHashMap<>();
                    while (rows.next()) {
                        String key = rows.getString(1);
                        byte[] json = RowValues.json(rows, 2, columns);
                        if (key != null && json != null) {
                            batch.put(key, new CacheWrite(json, CacheValue.JSON, null, Set.of(), null));
                        }
                        if (batch.size() >= batchSize) {
                            loaded += settle(inFlight, inFlightRows, cache, total, loaded, progress);
                            inFlightRows = batch.size();
                            inFlight = caches.putAll(tenant, cache, batch).toCompletableFuture();
                            batch = new LinkedHashMap<>();
                        }
                    }
                    loaded += settle(inFlight, inFlightRows, cache, total, loaded, progress);
                    inFlightRows = 0;
                    if (!batch.isEmpty()) {
                        int rowsInBatch = batch.size();
                        loaded += settle(
                                caches.putAll(tenant, cache, batch).toCompletableFuture(),
                                rowsInBatch,
                                cache,
                                total,
                                loaded,
                                progress);
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw StategridException.of(
                    ErrorCode.UNAVAILABLE,
                    "cache %s: warm-up query failed after %d rows: %s",
                    cache,
                    loaded,
                    e.getMessage());
        }
        WarmUpProgress finished = new WarmUpProgress(cache, total < 0 ? loaded : total, loaded, true);
        progress.accept(finished);
        return finished;
    }

    /** Waits for the batch in flight and reports it; the rows it stored. */
    private static long settle(
            CompletableFuture<Void> batch,
            int rows,
            String cache,
            long total,
            long loadedBefore,
            Consumer<WarmUpProgress> progress) {
        if (rows == 0) {
            return 0;
        }
        try {
            batch.join();
        } catch (CompletionException e) {
            throw StategridException.from(e.getCause());
        }
        progress.accept(new WarmUpProgress(cache, total, loadedBefore + rows, false));
        return rows;
    }

    /** The rows the query will bring, or -1 when counting it fails (say, a query that cannot be a subquery). */
    private long count(String sql) {
        try (Connection connection = pool.connection();
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("select count(*) from (" + stripSemicolon(sql) + ") as warm_up_rows")) {
            return rows.next() ? rows.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    private static String stripSemicolon(String sql) {
        String trimmed = sql.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
