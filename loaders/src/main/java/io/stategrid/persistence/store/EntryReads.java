package io.stategrid.persistence.store;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.persistence.codec.StoredRow;
import io.stategrid.persistence.postgres.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads one map's live rows of {@code grid_entries} (expired rows are skipped): values by key in
 * chunks, and every key for an eager initial load. Not retried: a failure is {@code UNAVAILABLE}
 * and Hazelcast's load fails with it.
 */
final class EntryReads<V> {
    private static final int LOAD_CHUNK = 1000;
    private static final String COLUMNS = "key, tenant, subject, version, expires_at, fence, value::text";

    private final PersistentMapSpec<V> spec;
    private final PersistenceContext context;

    EntryReads(PersistentMapSpec<V> spec, PersistenceContext context) {
        this.spec = spec;
        this.context = context;
    }

    Map<String, V> loadAll(Collection<String> keys) {
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

    /** Every live key of the map, streamed from PostgreSQL in chunks. */
    List<String> liveKeys() {
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
        return keys;
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
}
