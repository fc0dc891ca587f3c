package io.stategrid.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedPostgresServerTest {
    @TempDir
    Path dir;

    @Test
    void dataSurvivesARestartOnTheSameDirectory() throws SQLException {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, 0, true)) {
            run(server, "create table kept (v text)");
            run(server, "insert into kept values ('still here')");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, 0, true);
                Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select v from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
            assertThat(server.dataDirectory()).isEqualTo(dir.toAbsolutePath().normalize());
        }
    }

    @Test
    void aTakenPortIsRefusedWithItsNumber() {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dir.resolve("a"), 0, false)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir.resolve("b"), first.port(), false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(first.port()));
        }
    }

    private static void run(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
