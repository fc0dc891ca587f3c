package io.stategrid.bench;

import io.stategrid.client.ClientOptions;
import io.stategrid.client.StategridClient;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Documents;
import io.stategrid.document.Edit;
import io.stategrid.document.PatchFormat;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.node.StategridNode;
import io.stategrid.node.config.NodeOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Applied document ops per second: JSON patches and text (OT) ops, through the remote SDK and through
 * the HTTP edge, on many documents and on one hot document; beside its peer for JSON patches, a
 * synchronous JDBC transaction per patch ({@code jsonb_set} plus an op-log insert) on the same
 * PostgreSQL. One node (member+edge, write-behind to embedded PostgreSQL 17).
 *
 * <pre>bench/run.sh documents</pre>
 */
public final class DocumentBench {
    private static final int THREADS = 8;
    private static final int OPS = 24_000;
    private static final int RUNS = 3;
    private static final int DOCS = 64;

    private DocumentBench() {}

    private record Row(String name, List<Double> rates, long[] latencies) {}

    public static void main(String[] args) throws Exception {
        try (StategridNode node = BenchNodes.start("bench-docs", 27701);
                StategridClient client = ClientFactory.connect(ClientOptions.builder()
                        .clusterName("bench-docs")
                        .addresses("127.0.0.1:27701")
                        .build())) {
            Documents docs = client.documents();
            String token = node.devToken().orElseThrow();
            String edge = node.edgeUrl().orElseThrow();
            jsonPatches(docs, "warmup", DOCS);
            textOps(docs, "warmup-text", DOCS);
            List<Row> rows = new ArrayList<>();
            rows.add(measure("JSON patch, SDK, 64 docs", () -> jsonPatches(docs, "many", DOCS)));
            rows.add(measure("JSON patch, SDK, 1 hot doc", () -> jsonPatches(docs, "hot", 1)));
            rows.add(measure("text op, SDK, 64 docs", () -> textOps(docs, "text-many", DOCS)));
            rows.add(measure("text op, SDK, 1 hot doc (5 writers, stale bases)", () -> staleTextOps(docs)));
            rows.add(measure("JSON patch, edge HTTP (wrk -c32), 64 docs", () -> edgePatches(docs, edge, token)));
            rows.add(measure("peer: bare Vert.x server answering the same PATCH (wrk -c32)", DocumentBench::bareVertx));
            rows.add(measure(
                    "text op, edge HTTP (wrk -c32), 1 hot doc, bases from the last ack",
                    () -> edgeTextOps(docs, edge, token)));
            rows.add(measure(
                    "JSON patch, peer: JDBC txn (jsonb_set + op row), 64 docs",
                    () -> jdbcPatches(node.options().pg(), BenchNodes.postgresDir(node))));
            print(rows);
        }
    }

    private interface Run {
        Load.Result run() throws Exception;
    }

    private static Row measure(String name, Run run) throws Exception {
        List<Double> rates = new ArrayList<>();
        long[] latencies = null;
        for (int i = 0; i < RUNS; i++) {
            Load.Result result = run.run();
            rates.add(result.perSecond());
            latencies = result.latencies();
            System.err.printf(Locale.ROOT, "%s run %d: %.0f ops/s%n", name, i, result.perSecond());
        }
        return new Row(name, rates, latencies);
    }

    private static int runId;

    private static Load.Result jsonPatches(Documents docs, String prefix, int count) throws Exception {
        String p = prefix + (runId++);
        for (int d = 0; d < count; d++) {
            docs.put("bench", p + d, DocumentType.JSON, "{\"n\":{}}", Edit.by("bench"))
                    .toCompletableFuture()
                    .join();
        }
        return Load.run(
                THREADS,
                OPS,
                (t, i) -> docs.patch(
                                "bench",
                                p + ((t * 7919 + i) % count),
                                PatchFormat.JSON_PATCH,
                                "[{\"op\":\"add\",\"path\":\"/n/t" + t + "\",\"value\":" + i + "}]",
                                Edit.by("bench"))
                        .toCompletableFuture()
                        .join());
    }

    private static Load.Result textOps(Documents docs, String prefix, int count) throws Exception {
        String p = prefix + (runId++);
        long[] versions = new long[count];
        for (int d = 0; d < count; d++) {
            versions[d] = docs.put("bench", p + d, DocumentType.TEXT, "", Edit.by("bench"))
                    .toCompletableFuture()
                    .join()
                    .version();
        }
        // Each thread owns count/THREADS documents and tracks their versions, as an editor would.
        return Load.run(THREADS, OPS, (t, i) -> {
            int d = t + THREADS * (i % (count / THREADS));
            versions[d] = docs.submit("bench", p + d, versions[d], "[\"x\"]", Edit.by("bench"))
                    .toCompletableFuture()
                    .join()
                    .version();
        });
    }

    /** Five writers on one text document, each submitting against the version its last ack gave (stale). */
    private static Load.Result staleTextOps(Documents docs) throws Exception {
        String id = "text-hot" + (runId++);
        long start = docs.put("bench", id, DocumentType.TEXT, "", Edit.by("bench"))
                .toCompletableFuture()
                .join()
                .version();
        long[] bases = new long[5];
        Arrays.fill(bases, start);
        return Load.run(
                5,
                OPS / 2,
                (t, i) -> bases[t] = docs.submit(
                                "bench",
                                id,
                                bases[t],
                                "[\"ab\"]",
                                Edit.by("bench").client("w" + t, i + 1))
                        .toCompletableFuture()
                        .join()
                        .version());
    }

    private static Load.Result edgePatches(Documents docs, String edge, String token) throws Exception {
        String p = "edge" + (runId++);
        for (int d = 0; d < DOCS; d++) {
            docs.put("default", p + d, DocumentType.JSON, "{\"n\":{}}", Edit.by("bench"))
                    .toCompletableFuture()
                    .join();
        }
        return Wrk.run(edge, patchScript("/v1/docs/" + p, token));
    }

    /**
     * 32 connections submitting text ops to one document, each against the newest version its wrk
     * thread has seen in an ack, so most ops are transformed against a few concurrent ones.
     */
    private static Load.Result edgeTextOps(Documents docs, String edge, String token) throws Exception {
        String id = "edge-text" + (runId++);
        docs.put("default", id, DocumentType.TEXT, "", Edit.by("bench"))
                .toCompletableFuture()
                .join();
        return Wrk.run(edge, """
                base = 1
                request = function()
                  local body = '{"baseVersion":' .. base .. ',"op":["ab"]}'
                  return wrk.format("POST", "/v1/docs/%s/ops",
                    {["Authorization"] = "Bearer %s", ["Content-Type"] = "application/json"}, body)
                end
                response = function(status, headers, body)
                  local v = tonumber(string.match(body, '"version":(%%d+)'))
                  if v and v > base then base = v end
                end
                """.formatted(id, token));
    }

    /** A Vert.x server with no grid behind it, reading the body and answering a small JSON document. */
    private static Load.Result bareVertx() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(request -> request.body()
                            .onSuccess(body -> request.response()
                                    .putHeader("Content-Type", "application/json")
                                    .putHeader("ETag", "\"2\"")
                                    .end("{\"id\":\"d\",\"type\":\"json\",\"version\":2,\"content\":"
                                            + "{\"n\":{\"w1\":1}}}")))
                    .listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .join();
            return Wrk.run("http://127.0.0.1:" + server.actualPort(), patchScript("/bare/", "none"));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static String patchScript(String pathPrefix, String token) {
        return """
                counter = 0
                request = function()
                  counter = counter + 1
                  local body = '[{"op":"add","path":"/n/w' .. (counter %% 8) .. '","value":' .. counter .. '}]'
                  return wrk.format("PATCH", "%s" .. (counter %% %d),
                    {["Authorization"] = "Bearer %s", ["Content-Type"] = "application/json-patch+json"}, body)
                end
                """.formatted(pathPrefix, DOCS, token);
    }

    private static Load.Result jdbcPatches(NodeOptions.Postgres pg, Path dir) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + embeddedPort(dir) + "/postgres";
        Supplier<Connection> connect = () -> {
            try {
                Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                c.setAutoCommit(false);
                return c;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        try (Connection setup = connect.get();
                Statement s = setup.createStatement()) {
            s.execute(
                    "create table if not exists peer_docs (id text primary key, body jsonb not null, version bigint not null)");
            s.execute(
                    "create table if not exists peer_ops (id text, version bigint, op jsonb, primary key (id, version))");
            s.execute("truncate peer_docs, peer_ops");
            for (int d = 0; d < DOCS; d++) {
                s.execute("insert into peer_docs values ('d" + d + "', '{\"n\":{}}', 1)");
            }
            setup.commit();
        }
        Connection[] connections = new Connection[THREADS];
        for (int t = 0; t < THREADS; t++) {
            connections[t] = connect.get();
        }
        try {
            return Load.run(THREADS, OPS, (t, i) -> {
                Connection c = connections[t];
                String id = "d" + ((t * 7919 + i) % DOCS);
                try (PreparedStatement update =
                                c.prepareStatement("update peer_docs set body = jsonb_set(body, ?::text[],"
                                        + " to_jsonb(?::int)), version = version + 1 where id = ? returning version");
                        PreparedStatement log = c.prepareStatement("insert into peer_ops values (?, ?, ?::jsonb)")) {
                    update.setString(1, "{n,t" + t + "}");
                    update.setInt(2, i);
                    update.setString(3, id);
                    long version;
                    try (var rs = update.executeQuery()) {
                        rs.next();
                        version = rs.getLong(1);
                    }
                    log.setString(1, id);
                    log.setLong(2, version);
                    log.setString(3, "[{\"op\":\"add\",\"path\":\"/n/t" + t + "\",\"value\":" + i + "}]");
                    log.executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** The port the node's embedded PostgreSQL listens on (from its postmaster.pid). */
    private static int embeddedPort(Path pgDir) throws Exception {
        List<String> pid = Files.readAllLines(pgDir.resolve("postmaster.pid"));
        return Integer.parseInt(pid.get(3).trim());
    }

    private static void print(List<Row> rows) {
        StringBuilder out = new StringBuilder("## Documents: applied ops\n\n");
        out.append(String.format(
                Locale.ROOT,
                "%s; one node (member+edge), write-behind to embedded PostgreSQL 17; remote SDK"
                        + " client, %d threads closed loop (5 on the hot text document); the edge by `wrk -t2 -c32 -d10s` (HTTP/1.1 keep-alive),"
                        + " median of %d runs; p50/p99 from the last run. Peer: the same patch as one synchronous JDBC"
                        + " transaction (`jsonb_set` + op-log insert) per op on the same PostgreSQL.%n%n",
                LocalDate.now(),
                THREADS,
                RUNS));
        out.append("| Workload | ops/s | p50 | p99 |\n|---|---|---|---|\n");
        for (Row row : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %.0f us | %.0f us |%n",
                    row.name(),
                    Stats.median(row.rates()),
                    Stats.percentileMicros(row.latencies(), 50),
                    Stats.percentileMicros(row.latencies(), 99)));
        }
        double sdk = Stats.median(rows.get(0).rates());
        double peer = Stats.median(rows.get(rows.size() - 1).rates());
        double edge = Stats.median(rows.get(4).rates());
        double bare = Stats.median(rows.get(5).rates());
        out.append(String.format(
                Locale.ROOT,
                "%nJSON patches through the SDK: **%.1fx** the synchronous JDBC peer;"
                        + " through the edge: **%.1fx** the JDBC peer and %.2fx a bare Vert.x server.%n",
                sdk / peer,
                edge / peer,
                edge / bare));
        System.out.println(out);
    }
}
