package io.stategrid.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stategrid.testing.FreePorts;
import io.stategrid.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresPoolTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void queriesRunInTheClassSchema() throws SQLException {
        try (Connection c = postgres.pool().connection();
                Statement s = c.createStatement()) {
            s.execute("create table probe (id int primary key, v text)");
            s.execute("insert into probe values (1, 'one')");
            try (ResultSet rs = s.executeQuery("select current_schema(), (select v from probe where id = 1)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(postgres.options().schema());
                assertThat(rs.getString(2)).isEqualTo("one");
            }
            try (ResultSet rs = s.executeQuery("select count(*) from information_schema.tables"
                    + " where table_name = 'probe' and table_schema = '"
                    + postgres.options().schema() + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
        assertThat(postgres.pool().ping()).isTrue();
    }

    @Test
    void aPoolOnAMissingSchemaCreatesIt() throws SQLException {
        PostgresOptions other = postgres.options().withSchema(postgres.options().schema() + "_x");
        try (PostgresPool pool = PostgresPool.open(other);
                Connection c = pool.connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_schema()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(other.schema());
        } finally {
            postgres.execute("drop schema if exists " + other.schema() + " cascade");
        }
    }

    @Test
    void aPoolOpensWhilePostgresIsDownAndFailsFastOnBorrow() {
        String nowhere = "jdbc:postgresql://127.0.0.1:" + FreePorts.one() + "/postgres";
        try (PostgresPool pool = PostgresPool.open(PostgresOptions.builder(nowhere)
                .connectionTimeout(Duration.ofMillis(500))
                .build())) {
            long start = System.nanoTime();
            assertThat(pool.ping()).isFalse();
            assertThatThrownBy(pool::connection).isInstanceOf(SQLException.class);
            // The borrow gave up on the connection timeout instead of hanging.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void optionsRejectBadValuesNamingThem() {
        assertThatThrownBy(() -> PostgresOptions.builder("jdbc:mysql://x/y").build())
                .hasMessageContaining("'jdbc:mysql://x/y'");
        assertThatThrownBy(() -> PostgresOptions.builder("jdbc:postgresql://x/y")
                        .schema("Bad;drop")
                        .build())
                .hasMessageContaining("'Bad;drop'");
        assertThatThrownBy(() -> PostgresOptions.builder("jdbc:postgresql://x/y")
                        .maxPoolSize(0)
                        .build())
                .hasMessageContaining("maxPoolSize");
    }
}
