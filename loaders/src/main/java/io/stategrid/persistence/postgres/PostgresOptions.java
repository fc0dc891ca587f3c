package io.stategrid.persistence.postgres;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a member reaches PostgreSQL. Immutable; build with {@link #builder(String)}.
 *
 * @param jdbcUrl           {@code jdbc:postgresql://host:port/db}
 * @param user              login role
 * @param password          may be empty
 * @param schema            schema that holds Stategrid's tables (created if missing)
 * @param maxPoolSize       connections per member
 * @param connectionTimeout how long a caller waits for a connection before failing; short, so an
 *                          outage surfaces as a quick, retryable failure instead of a hang
 */
public record PostgresOptions(
        String jdbcUrl, String user, String password, String schema, int maxPoolSize, Duration connectionTimeout) {
    public static final String DEFAULT_USER = "postgres";
    public static final String DEFAULT_SCHEMA = "stategrid";
    public static final int DEFAULT_MAX_POOL_SIZE = 8;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern SCHEMA = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    public PostgresOptions {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:, got '" + jdbcUrl + "'");
        }
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier, got '" + schema + "'");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be >= 1, got " + maxPoolSize);
        }
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeout must be >= 250 ms, got " + connectionTimeout);
        }
    }

    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /** A builder with these options on another server, e.g. through a proxy. */
    public Builder toBuilder(String otherJdbcUrl) {
        return new Builder(otherJdbcUrl)
                .user(user)
                .password(password)
                .schema(schema)
                .maxPoolSize(maxPoolSize)
                .connectionTimeout(connectionTimeout);
    }

    /** The same server and credentials, another schema. */
    public PostgresOptions withSchema(String otherSchema) {
        return new PostgresOptions(jdbcUrl, user, password, otherSchema, maxPoolSize, connectionTimeout);
    }

    @Override
    public String toString() {
        return "PostgresOptions[" + jdbcUrl + ", user=" + user + ", schema=" + schema + "]";
    }

    public static final class Builder {
        private final String jdbcUrl;
        private String user = DEFAULT_USER;
        private String password = "";
        private String schema = DEFAULT_SCHEMA;
        private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;

        private Builder(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        public Builder maxPoolSize(int maxPoolSize) {
            this.maxPoolSize = maxPoolSize;
            return this;
        }

        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        public PostgresOptions build() {
            return new PostgresOptions(jdbcUrl, user, password, schema, maxPoolSize, connectionTimeout);
        }
    }
}
