package io.stategrid.persistence.load;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheLoader;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheValue;
import io.stategrid.cache.CacheWrite;
import io.stategrid.persistence.postgres.PostgresPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The declarative read-through loader of a cache configured with {@code loader: {sql: ...}}: runs the
 * query with the key as its first {@code ?} (and the tenant as its second, when it has one) on the
 * member's PostgreSQL pool. The first row is the value: its only column as JSON, or all its columns
 * as an object ({@link RowValues}); no row, or a lone SQL NULL, means no value.
 *
 * <p>Contract: the query runs on {@code executor}, never on the calling (partition or event-loop)
 * thread. It is not retried here; a failure completes the stage with {@code UNAVAILABLE} when
 * PostgreSQL could not be reached or answered with an error, {@code INVALID_ARGUMENT} when the row
 * cannot be made JSON, and the cache then reports the failure or serves stale-if-error.
 */
public final class SqlCacheLoader implements CacheLoader {
    private final String cache;
    private final String sql;
    private final boolean bindsTenant;
    private final PostgresPool pool;
    private final Executor executor;

    public SqlCacheLoader(String cache, String sql, PostgresPool pool, Executor executor) {
        this.cache = cache;
        this.sql = sql;
        this.bindsTenant = placeholders(cache, sql) == 2;
        this.pool = pool;
        this.executor = executor;
    }

    /**
     * Checks a loader's queries before any runs: {@code sql} takes the key (and optionally the tenant),
     * {@code warmUpSql} takes no parameters.
     *
     * @throws StategridException {@code INVALID_ARGUMENT} naming the cache and the query
     */
    public static void validate(String cache, CacheSpec.LoaderSpec loader) {
        if (loader.sql() != null) {
            placeholders(cache, loader.sql());
        }
        if (loader.warmUpSql() != null && SqlText.placeholders(loader.warmUpSql()) != 0) {
            throw StategridException.invalid(
                    "cache %s: loader.warmUpSql takes no ? parameters (it lists every key and" + " value), got: %s",
                    cache, loader.warmUpSql());
        }
    }

    private static int placeholders(String cache, String sql) {
        int parameters = SqlText.placeholders(sql);
        if (parameters < 1 || parameters > 2) {
            throw StategridException.invalid(
                    "cache %s: loader.sql needs one ? (the key) and at most a second"
                            + " (the tenant), found %d in: %s",
                    cache, parameters, sql);
        }
        return parameters;
    }

    /** The SQL loader of {@code spec}, whose {@code loader.sql} must be set. */
    public static SqlCacheLoader of(CacheSpec spec, PostgresPool pool, Executor executor) {
        return new SqlCacheLoader(spec.name(), spec.loader().sql(), pool, executor);
    }

    @Override
    public CompletionStage<Optional<CacheWrite>> load(String tenant, String key) {
        try {
            return CompletableFuture.supplyAsync(() -> query(tenant, key), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(StategridException.of(
                    ErrorCode.BACKPRESSURE, "cache %s: too many loads waiting for PostgreSQL", cache));
        }
    }

    private Optional<CacheWrite> query(String tenant, String key) {
        try (Connection connection = pool.connection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            if (bindsTenant) {
                statement.setString(2, tenant);
            }
            statement.setMaxRows(1);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                byte[] json = RowValues.json(rows, 1, rows.getMetaData().getColumnCount());
                return json == null
                        ? Optional.empty()
                        : Optional.of(new CacheWrite(json, CacheValue.JSON, null, Set.of(), null));
            }
        } catch (SQLException e) {
            throw StategridException.of(
                    ErrorCode.UNAVAILABLE, "cache %s: loader query failed for key %s: %s", cache, key, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "SqlCacheLoader[" + cache + ": " + sql + "]";
    }
}
