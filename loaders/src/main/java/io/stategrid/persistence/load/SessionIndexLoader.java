package io.stategrid.persistence.load;

import com.hazelcast.map.MapLoader;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.session.SessionIds;
import io.stategrid.internal.session.SessionMaps;
import io.stategrid.persistence.postgres.PostgresPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a user's entry of the per-user session index from the sessions' own rows (their tenant and
 * subject columns), so after a restart the index is rebuilt exactly from what PostgreSQL holds, by
 * key, never by a scan of the grid. The index itself is never written to PostgreSQL.
 */
public final class SessionIndexLoader implements MapLoader<String, SessionIds> {
    private final PostgresPool pool;

    public SessionIndexLoader(PostgresPool pool) {
        this.pool = pool;
    }

    @Override
    public SessionIds load(String key) {
        int slash = key.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String tenant = key.substring(0, slash);
        String subject = key.substring(slash + 1);
        List<String> ids = new ArrayList<>();
        try (Connection connection = pool.connection();
                PreparedStatement statement = connection.prepareStatement(
                        "select key from grid_entries where map_name = ? and tenant = ? and subject = ?"
                                + " and (expires_at is null or expires_at > now())")) {
            statement.setString(1, SessionMaps.SESSIONS);
            statement.setString(2, tenant);
            statement.setString(3, subject);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw StategridException.of(
                    ErrorCode.UNAVAILABLE, "cannot load the session index of %s: %s", key, e.getMessage());
        }
        return ids.isEmpty() ? null : new SessionIds(tenant, subject, ids.toArray(String[]::new));
    }

    @Override
    public Map<String, SessionIds> loadAll(Collection<String> keys) {
        Map<String, SessionIds> result = new HashMap<>();
        for (String key : keys) {
            SessionIds ids = load(key);
            if (ids != null) {
                result.put(key, ids);
            }
        }
        return result;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        return null;
    }
}
