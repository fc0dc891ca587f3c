package io.stategrid.persistence.deadletter;

import io.stategrid.persistence.postgres.PostgresPool;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dead_letters} table: entries that could not be stored for a permanent reason (or not at
 * all before a shutdown deadline), with the error. When PostgreSQL itself is unreachable they go to a
 * local spool file first and are moved into the table at the next start, so nothing vanishes.
 */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    /** One dead-lettered entry. {@code value} is the value as text, or null for a delete. */
    public record DeadLetter(
            long id,
            String mapName,
            String key,
            String operation,
            String value,
            String error,
            int attempts,
            Instant createdAt) {}

    private final PostgresPool pool;
    private final Path spool;

    public DeadLetters(PostgresPool pool, Path spool) {
        this.pool = pool;
        this.spool = spool;
    }

    /** Records an entry; falls back to the spool file when PostgreSQL does not answer. Never throws. */
    public void record(String mapName, String key, String operation, String value, String error, int attempts) {
        try (Connection connection = pool.connection()) {
            insert(connection, mapName, key, operation, value, error, attempts);
            LOG.warn("dead letter: {} {} of map {} after {} attempt(s): {}", operation, key, mapName, attempts, error);
        } catch (SQLException e) {
            appendToSpool(mapName, key, operation, value, error + " (spooled: " + e.getMessage() + ")", attempts);
        }
    }

    /** Dead letters of {@code mapName} (all maps if null) with an id above {@code afterId}, oldest first. */
    public List<DeadLetter> list(String mapName, long afterId, int limit) throws SQLException {
        String sql = "select id, map_name, key, operation, value, error, attempts, created_at from dead_letters"
                + " where id > ?" + (mapName == null ? "" : " and map_name = ?") + " order by id limit ?";
        try (Connection connection = pool.connection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            statement.setLong(i++, afterId);
            if (mapName != null) {
                statement.setString(i++, mapName);
            }
            statement.setInt(i, limit);
            List<DeadLetter> letters = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    letters.add(new DeadLetter(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getInt(7),
                            rs.getTimestamp(8).toInstant()));
                }
            }
            return letters;
        }
    }

    /** Removes one dead letter and returns it, so the caller can store it again. */
    public Optional<DeadLetter> take(long id) throws SQLException {
        try (Connection connection = pool.connection();
                PreparedStatement statement = connection.prepareStatement(
                        "delete from dead_letters where id = ? returning id, map_name, key, operation, value, error, attempts,"
                                + " created_at")) {
            statement.setLong(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DeadLetter(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getInt(7),
                        rs.getTimestamp(8).toInstant()));
            }
        }
    }

    /** Moves spooled dead letters into the table; returns how many. Called once PostgreSQL answers. */
    public synchronized int replaySpool() throws SQLException, IOException {
        if (!Files.exists(spool)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(spool, StandardCharsets.UTF_8);
        try (Connection connection = pool.connection()) {
            connection.setAutoCommit(false);
            for (String line : lines) {
                String[] f = line.split("\t", -1);
                if (f.length != 6) {
                    continue;
                }
                insert(
                        connection,
                        decode(f[0]),
                        decode(f[1]),
                        decode(f[2]),
                        f[3].isEmpty() ? null : decode(f[3]),
                        decode(f[4]),
                        Integer.parseInt(f[5]));
            }
            connection.commit();
        }
        Files.delete(spool);
        if (!lines.isEmpty()) {
            LOG.warn("moved {} spooled dead letter(s) from {} into dead_letters", lines.size(), spool);
        }
        return lines.size();
    }

    private static void insert(
            Connection connection,
            String mapName,
            String key,
            String operation,
            String value,
            String error,
            int attempts)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into dead_letters"
                + " (map_name, key, operation, value, error, attempts) values (?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, mapName);
            statement.setString(2, key);
            statement.setString(3, operation);
            statement.setString(4, value);
            statement.setString(5, error);
            statement.setInt(6, attempts);
            statement.executeUpdate();
        }
    }

    private synchronized void appendToSpool(
            String mapName, String key, String operation, String value, String error, int attempts) {
        String line = String.join(
                        "\t",
                        encode(mapName),
                        encode(key),
                        encode(operation),
                        value == null ? "" : encode(value),
                        encode(error),
                        String.valueOf(attempts))
                + "\n";
        try {
            Files.createDirectories(spool.toAbsolutePath().getParent());
            try (BufferedWriter writer = Files.newBufferedWriter(
                    spool, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                writer.write(line);
            }
            LOG.error(
                    "PostgreSQL unreachable: {} {} of map {} spooled to {} ({})",
                    operation,
                    key,
                    mapName,
                    spool,
                    error);
        } catch (IOException e) {
            LOG.error(
                    "LOST: cannot spool {} {} of map {} (value {}): {}", operation, key, mapName, value, e.toString());
        }
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String text) {
        return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }
}
