package io.stategrid.persistence.store;

import io.stategrid.persistence.codec.StoredRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL that changes one map's rows of {@code grid_entries}: batched upserts (with the map's
 * {@link StoreHook} in the same transaction), deletes, and the fence lookup that tells a refused
 * fenced write from an older version. Each call runs on a connection of the caller's retry.
 */
final class EntryWrites<V> {
    private static final String UPSERT = "insert into grid_entries as e"
            + " (map_name, key, tenant, subject, version, expires_at, fence, value, updated_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, now())"
            + " on conflict (map_name, key) do update set tenant = excluded.tenant, subject = excluded.subject,"
            + " version = excluded.version, expires_at = excluded.expires_at,"
            + " fence = coalesce(excluded.fence, e.fence), value = excluded.value, updated_at = now()"
            + " where excluded.version >= e.version"
            + " and (excluded.fence is null or e.fence is null or excluded.fence >= e.fence)";

    private final String mapName;
    private final StoreHook<V> hook;

    EntryWrites(String mapName, StoreHook<V> hook) {
        this.mapName = mapName;
        this.hook = hook;
    }

    /**
     * Upserts {@code rows} and runs the hook with their values (taken from {@code all}) in one
     * transaction, then the hook's {@code afterCommit}. A row is only replaced by an equal or higher
     * version and a fence no lower than the row's. Returns the rows inserted or changed.
     */
    int upsert(Connection connection, List<StoredRow> rows, Map<String, V> all) throws SQLException {
        Map<String, V> values = new HashMap<>();
        rows.forEach(row -> values.put(row.key(), all.get(row.key())));
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            for (StoredRow row : rows) {
                statement.setString(1, mapName);
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
            hook.inTransaction(connection, values);
            connection.commit();
            connection.setAutoCommit(true);
            hook.afterCommit(values);
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

    /** Deletes the rows of {@code keys}; returns how many there were. */
    int delete(Connection connection, String[] keys) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("delete from grid_entries where map_name = ? and key = any(?)")) {
            statement.setString(1, mapName);
            statement.setArray(2, connection.createArrayOf("text", keys));
            return statement.executeUpdate();
        }
    }

    /** Whether PostgreSQL holds a higher fencing token for {@code row}'s key than the row carries. */
    boolean isFenceStale(Connection connection, StoredRow row) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("select fence from grid_entries where map_name = ? and key = ?")) {
            statement.setString(1, mapName);
            statement.setString(2, row.key());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getObject(1) != null && rs.getLong(1) > row.fence();
            }
        }
    }
}
