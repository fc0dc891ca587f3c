package io.stategrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/cluster.sh up 3} forms one 3-member cluster of separate JVMs with 3 CP members; sessions
 * written through its edges sit in write-behind queues (60 s delay); {@code down} stops it in under 30 s
 * with every one of them in PostgreSQL. And a node killed with {@code kill -9} while its writes wait in
 * its queue loses none of them: the backups on the other processes store them.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterScriptIT {
    @TempDir
    Path dir;

    @Test
    void upThreeFormsOneClusterAndDownStopsEveryProcess() throws IOException, SQLException {
        int edgeBase = freeRange(3);
        int pgPort = freeRange(1);
        Map<String, String> env = clusterEnv(edgeBase, pgPort);
        Path script = Processes.ROOT.resolve("scripts/cluster.sh");
        Path upLog = dir.resolve("up.log");
        try {
            int up = Processes.run(
                    Processes.ROOT, upLog, env, Duration.ofMinutes(4), "bash", script.toString(), "up", "3");
            assertThat(up).as(Files.readString(upLog)).isZero();
            Path tokenLog = dir.resolve("token.log");
            assertThat(Processes.run(
                            Processes.ROOT, tokenLog, env, Duration.ofMinutes(1), "bash", script.toString(), "token"))
                    .isZero();
            String token = Files.readString(tokenLog).trim();
            for (int i = 0; i < 3; i++) {
                String edge = "http://127.0.0.1:" + (edgeBase + i);
                HttpResponse<String> ready = Processes.get(edge + "/health/ready", null);
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(ready.body()).contains("with 3 member(s)").contains("CP subsystem with 3 CP members");
                assertThat(Processes.get(edge + "/v1/whoami", token).statusCode())
                        .isEqualTo(200);
            }
            for (int i = 0; i < 300; i++) {
                String edge = "http://127.0.0.1:" + (edgeBase + i % 3);
                HttpResponse<String> created = Processes.send(HttpRequest.newBuilder(URI.create(edge + "/v1/sessions"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"subject\":\"user-" + i + "\"}"))
                        .build());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }
            Path statusLog = dir.resolve("status.log");
            Processes.run(Processes.ROOT, statusLog, env, Duration.ofMinutes(1), "bash", script.toString(), "status");
            assertThat(Files.readString(statusLog))
                    .contains("node-1: running")
                    .contains("node-3: running")
                    .contains("postgres: running");
        } finally {
            Path downLog = dir.resolve("down.log");
            Map<String, String> keepPostgres = new HashMap<>(env);
            keepPostgres.put("STATEGRID_CLUSTER_KEEP_PG", "1");
            int down = Processes.run(
                    Processes.ROOT, downLog, keepPostgres, Duration.ofMinutes(3), "bash", script.toString(), "down");
            assertThat(down).as(Files.readString(downLog)).isZero();
            String downOutput = Files.readString(downLog);
            assertThat(downOutput).contains("nodes stopped in").doesNotContain("killing them");
            Matcher seconds = Pattern.compile("nodes stopped in (\\d+) s").matcher(downOutput);
            assertThat(seconds.find()).isTrue();
            assertThat(Integer.parseInt(seconds.group(1)))
                    .as("a 3-member CP cluster stops in under 30 s")
                    .isLessThan(30);
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "select count(*) from stategrid.grid_entries" + " where map_name = 'stategrid-sessions'")) {
                rs.next();
                assertThat(rs.getLong(1))
                        .as("every queued session write stored by the stop")
                        .isEqualTo(300);
            } finally {
                Processes.run(
                        Processes.ROOT,
                        dir.resolve("down-pg.log"),
                        env,
                        Duration.ofMinutes(1),
                        "bash",
                        script.toString(),
                        "down");
            }
        }
        try (var pids = Files.list(dir)) {
            assertThat(pids.filter(p -> p.toString().endsWith(".pid"))).isEmpty();
        }
    }

    @Test
    void killNineOfANodeLosesNoAcknowledgedWrite() throws Exception {
        int edgeBase = freeRange(3);
        int pgPort = freeRange(1);
        Map<String, String> env = clusterEnv(edgeBase, pgPort);
        Path script = Processes.ROOT.resolve("scripts/cluster.sh");
        try {
            Path upLog = dir.resolve("up.log");
            assertThat(Processes.run(
                            Processes.ROOT, upLog, env, Duration.ofMinutes(4), "bash", script.toString(), "up", "3"))
                    .as(Files.readString(upLog))
                    .isZero();
            Path tokenLog = dir.resolve("token.log");
            Processes.run(Processes.ROOT, tokenLog, env, Duration.ofMinutes(1), "bash", script.toString(), "token");
            String token = Files.readString(tokenLog).trim();
            for (int i = 0; i < 300; i++) {
                post(edgeBase + i % 3, "/v1/sessions", token, "{\"subject\":\"user-" + i + "\"}", 201);
            }
            for (int d = 0; d < 3; d++) {
                String doc = "/v1/docs/notes-" + d;
                HttpResponse<String> created = Processes.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (edgeBase + d) + doc + "?type=text"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "text/plain")
                                .PUT(HttpRequest.BodyPublishers.ofString("x"))
                                .build());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                for (int v = 1; v <= 20; v++) {
                    post(
                            edgeBase + (d + v) % 3,
                            doc + "/ops",
                            token,
                            "{\"baseVersion\":" + v + ",\"op\":[\"y\"]}",
                            200);
                }
            }

            long victim =
                    Long.parseLong(Files.readString(dir.resolve("node-2.pid")).trim());
            new ProcessBuilder("kill", "-9", String.valueOf(victim)).start().waitFor();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> assertThat(Processes.get("http://127.0.0.1:" + edgeBase + "/health/ready", null)
                                            .body())
                                    .contains("with 2 member(s)"));
            for (int d = 0; d < 3; d++) {
                HttpResponse<String> doc =
                        Processes.get("http://127.0.0.1:" + (edgeBase + 2 * (d % 2)) + "/v1/docs/notes-" + d, token);
                assertThat(doc.body()).as("served by a survivor").contains("\"version\":21");
            }
        } finally {
            Map<String, String> keepPostgres = new HashMap<>(env);
            keepPostgres.put("STATEGRID_CLUSTER_KEEP_PG", "1");
            Path downLog = dir.resolve("down.log");
            Processes.run(
                    Processes.ROOT, downLog, keepPostgres, Duration.ofMinutes(3), "bash", script.toString(), "down");
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
                    Statement s = c.createStatement()) {
                assertThat(count(
                                s, "select count(*) from stategrid.grid_entries where map_name = 'stategrid-sessions'"))
                        .as("every acknowledged session stored, those queued on the killed node included")
                        .isEqualTo(300);
                assertThat(count(s, "select count(*) from stategrid.document_ops"))
                        .as("every op of every document")
                        .isEqualTo(3 * 21);
            } finally {
                Processes.run(
                        Processes.ROOT,
                        dir.resolve("down-pg.log"),
                        env,
                        Duration.ofMinutes(1),
                        "bash",
                        script.toString(),
                        "down");
            }
        }
    }

    /** What cluster.sh needs: its directory and ports, and a 60 s write delay so writes wait in queues. */
    private Map<String, String> clusterEnv(int edgeBase, int pgPort) {
        Map<String, String> env = new HashMap<>();
        env.put("STATEGRID_CLUSTER_DIR", dir.toString());
        env.put("STATEGRID_CLUSTER_MEMBER_PORT", String.valueOf(freeRange(3)));
        env.put("STATEGRID_CLUSTER_EDGE_PORT", String.valueOf(edgeBase));
        env.put("STATEGRID_CLUSTER_PG_PORT", String.valueOf(pgPort));
        env.put("STATEGRID_PERSISTENCE_WRITE_DELAY_SECONDS", "60");
        return env;
    }

    private static void post(int port, String path, String token, String body, int expected) {
        HttpResponse<String> response =
                Processes.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A base port with {@code count} consecutive free ports above it, in a range the OS does not hand out. */
    private static int freeRange(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            boolean free = true;
            for (int p = base; p < base + count && free; p++) {
                try (ServerSocket probe = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    probe.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range found");
    }
}
