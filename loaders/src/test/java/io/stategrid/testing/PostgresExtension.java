package io.stategrid.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stategrid.persistence.postgres.EmbeddedPostgresServer;
import io.stategrid.persistence.postgres.PostgresOptions;
import io.stategrid.persistence.postgres.PostgresPool;
import io.stategrid.persistence.store.PersistenceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for tests with a fresh schema per test class, dropped afterwards. The server is
 * {@code STATEGRID_TEST_PG_URL} when set (a JDBC URL; {@code STATEGRID_TEST_PG_USER} and
 * {@code STATEGRID_TEST_PG_PASSWORD} optional), else one embedded server per test JVM.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension postgres = new PostgresExtension();
 * }</pre>
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {
    private static PostgresOptions server;

    private PostgresOptions options;
    private PostgresPool pool;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        String schema = ("t_" + context.getRequiredTestClass().getSimpleName() + "_"
                        + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT);
        options = server().withSchema(schema.length() > 63 ? schema.substring(schema.length() - 63) : schema);
        execute("create schema " + options.schema());
        pool = PostgresPool.open(options);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (pool != null) {
            pool.close();
        }
        execute("drop schema if exists " + options.schema() + " cascade");
    }

    /** Options of this class's schema, for code under test that opens its own pool. */
    public PostgresOptions options() {
        return options;
    }

    /** A pool on this class's schema. */
    public PostgresPool pool() {
        return pool;
    }

    /** Runs SQL outside the class's pool, with search_path set to its schema. */
    public void execute(String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(options.jdbcUrl(), options.user(), options.password());
                Statement statement = connection.createStatement()) {
            connection.setSchema(options.schema());
            statement.execute(sql);
        }
    }

    /**
     * A migrated persistence context on this class's schema with its own pool, as a member would have;
     * dead letters spool to {@code target/spool-<name>} while PostgreSQL is away.
     */
    public PersistenceContext persistenceContext(String name) {
        PersistenceContext context = new PersistenceContext(
                PostgresPool.open(options), new SimpleMeterRegistry(), Path.of("target", "spool-" + name));
        context.migrator().migrate();
        return context;
    }

    /** The first column of the first row of {@code sql} as a number (0 when there is no row). */
    public long number(String sql, Object... params) throws SQLException {
        String text = text(sql, params);
        return text == null ? 0 : Long.parseLong(text);
    }

    /** The first column of the first row of {@code sql} as text, or null when there is no row. */
    public String text(String sql, Object... params) throws SQLException {
        try (Connection connection = pool.connection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Drops a schema (and everything in it) on the shared server. */
    public static void dropSchema(String schema) throws SQLException {
        PostgresOptions options = server();
        try (Connection connection =
                        DriverManager.getConnection(options.jdbcUrl(), options.user(), options.password());
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
    }

    /** The shared server for this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresOptions server() {
        if (server == null) {
            String url = System.getenv("STATEGRID_TEST_PG_URL");
            if (url != null && !url.isBlank()) {
                server = PostgresOptions.builder(url)
                        .user(envOr("STATEGRID_TEST_PG_USER", PostgresOptions.DEFAULT_USER))
                        .password(envOr("STATEGRID_TEST_PG_PASSWORD", ""))
                        .build();
            } else {
                server = startEmbedded();
            }
        }
        return server;
    }

    private static PostgresOptions startEmbedded() {
        try {
            Path dir = Files.createTempDirectory("stategrid-test-pg");
            EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(dir, 0, false);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                embedded.close();
                                deleteRecursively(dir);
                            },
                            "stop-test-postgres"));
            return PostgresOptions.builder(embedded.jdbcUrl()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
