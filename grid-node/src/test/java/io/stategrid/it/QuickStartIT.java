package io.stategrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.persistence.postgres.EmbeddedPostgresServer;
import io.stategrid.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, run as a user would: {@code java -jar stategrid-node.jar} with no
 * arguments in an empty directory (only the ports moved to free ones), then the printed token.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class QuickStartIT {
    @TempDir
    Path dir;

    @Test
    void aNodeStartedWithNoArgumentsServesThePrintedTokenAndStopsOnSigterm() throws Exception {
        List<Integer> ports = FreePorts.take(2);
        Map<String, String> env = Map.of(
                "STATEGRID_EDGE_PORT", String.valueOf(ports.get(0)),
                "STATEGRID_CLUSTER_PORT", String.valueOf(ports.get(1)),
                "STATEGRID_CLUSTER_MEMBERS", "127.0.0.1:" + ports.get(1));
        Path log = dir.resolve("node.log");
        Process node = Processes.start(dir, log, env, List.of("java", "-Xmx512m", "-jar", Processes.JAR.toString()));
        try {
            String tokenLine = Processes.awaitLine(log, "export TOKEN=", node, Duration.ofMinutes(2));
            String token = tokenLine.substring(tokenLine.indexOf('=') + 1).trim();
            String banner = Files.readString(log);
            String edge = "http://127.0.0.1:" + ports.get(0);
            assertThat(banner)
                    .contains("Edge         " + edge)
                    .contains("/health/ready")
                    .contains("/metrics")
                    .contains("embedded PostgreSQL")
                    .contains(dir.resolve("data/postgres").toString())
                    .contains("curl -H \"Authorization: Bearer $TOKEN\" " + edge + "/v1/whoami");

            assertThat(Processes.get(edge + "/health/ready", null).statusCode()).isEqualTo(200);
            HttpResponse<String> whoami = Processes.get(edge + "/v1/whoami", token);
            assertThat(whoami.statusCode()).isEqualTo(200);
            assertThat(whoami.body()).contains("\"sub\":\"dev\"").contains("\"admin\"");
            HttpResponse<String> anonymous = Processes.get(edge + "/v1/whoami", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).startsWith("{\"error\":{\"code\":\"UNAUTHORIZED\"");
            HttpResponse<String> big = Processes.send(HttpRequest.newBuilder(URI.create(edge + "/v1/whoami"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024]))
                    .build());
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(big.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
            assertThat(Files.isDirectory(dir.resolve("data/postgres"))).isTrue();
            // Written behind, still queued when the SIGTERM below arrives.
            HttpResponse<String> session = Processes.send(HttpRequest.newBuilder(URI.create(edge + "/v1/sessions"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"attributes\":{\"kept\":true}}"))
                    .build());
            assertThat(session.statusCode()).isEqualTo(201);
        } finally {
            node.destroy();
            assertThat(node.waitFor(60, TimeUnit.SECONDS))
                    .as("stops within 60 s of SIGTERM")
                    .isTrue();
        }
        String output = Files.readString(log);
        assertThat(output)
                .contains("Stategrid: stopped")
                .doesNotContain("spooled")
                .doesNotContain("unavailable");
        // The embedded PostgreSQL outlived the flush: the session is in its data directory.
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("data/postgres"), 0, true);
                Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from stategrid.grid_entries"
                        + " where map_name = 'stategrid-sessions' and value->'attributes'->>'kept' = 'true'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }
}
