package io.stategrid.persistence.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The one connection pool of a member. It starts even while PostgreSQL is down
 * ({@code initializationFailTimeout=-1}) and fails a borrow after the short connection timeout, so
 * stores can retry instead of hanging. Every connection uses the configured schema, which is
 * created on the first successful connection.
 */
public final class PostgresPool implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final PostgresOptions options;
    private volatile boolean schemaReady;

    private PostgresPool(HikariDataSource dataSource, PostgresOptions options) {
        this.dataSource = dataSource;
        this.options = options;
    }

    public static PostgresPool open(PostgresOptions options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("stategrid-pg");
        config.setJdbcUrl(options.jdbcUrl());
        config.setUsername(options.user());
        config.setPassword(options.password());
        config.setSchema(options.schema());
        config.setMaximumPoolSize(options.maxPoolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(1000, options.connectionTimeout().toMillis()));
        config.setInitializationFailTimeout(-1);
        // Batched upserts go over the wire as multi-row statements.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty(
                "connectTimeout",
                String.valueOf(Math.max(1, options.connectionTimeout().toSeconds())));
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("ApplicationName", "stategrid");
        return new PostgresPool(new HikariDataSource(config), options);
    }

    public PostgresOptions options() {
        return options;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A pooled connection whose search path is the Stategrid schema; the schema is created if missing. */
    public Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        if (!schemaReady) {
            ensureSchema(connection);
        }
        return connection;
    }

    /** Whether PostgreSQL answers a trivial query within the connection timeout. Blocking. */
    public boolean ping() {
        try (Connection connection = connection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            return statement.execute("select 1");
        } catch (SQLException e) {
            return false;
        }
    }

    private void ensureSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("create schema if not exists " + options.schema());
            schemaReady = true;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    public boolean isClosed() {
        return dataSource.isClosed();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
