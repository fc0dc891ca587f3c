package io.stategrid.bench;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.query.Predicates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stategrid.internal.GridDefaults;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.lock.LockFactory;
import io.stategrid.internal.session.SessionFactory;
import io.stategrid.internal.session.SessionMaps;
import io.stategrid.node.StategridNode;
import io.stategrid.persistence.codec.SessionCodec;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.persistence.postgres.EmbeddedPostgresServer;
import io.stategrid.persistence.postgres.PostgresOptions;
import io.stategrid.persistence.postgres.PostgresPool;
import io.stategrid.persistence.store.PersistenceContext;
import io.stategrid.persistence.store.PersistentMapSpec;
import io.stategrid.session.NewSession;
import io.stategrid.session.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Sessions through the remote SDK (one member, write-behind to an embedded PostgreSQL) beside Redis
 * SET/GET from redis-benchmark in the same run; and revoke-all of 10,000 sessions of one user among
 * 100,000 through the per-user index, beside what a scan for that user's sessions costs.
 *
 * <pre>bench/run.sh sessions</pre>
 */
public final class SessionBench {
    private static final int THREADS = 8;
    private static final int OPS = 40_000;
    private static final int RUNS = 3;

    private SessionBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("stategrid-bench-sessions");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, 0, true);
                PostgresPool pool = PostgresPool.open(PostgresOptions.builder(server.jdbcUrl())
                        .schema("bench")
                        .build())) {
            PersistenceContext context = new PersistenceContext(pool, new SimpleMeterRegistry(), dir.resolve("spool"));
            context.migrator().migrate();
            String cluster = "bench-" + UUID.randomUUID();
            Config config = new Config().setClusterName(cluster);
            config.getNetworkConfig().setPort(26701).setPortAutoIncrement(true);
            config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
            config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
            config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
            PersistentMaps.configureSessions(
                    config,
                    PersistentMapSpec.builder(SessionMaps.SESSIONS, SessionCodec.INSTANCE)
                            .build(),
                    context);
            HazelcastInstance member = Hazelcast.newHazelcastInstance(GridDefaults.applyTo(config));
            ClientConfig clientConfig = new ClientConfig().setClusterName(cluster);
            clientConfig
                    .getNetworkConfig()
                    .addAddress("127.0.0.1:"
                            + member.getCluster().getLocalMember().getAddress().getPort());
            HazelcastInstance client = HazelcastClient.newHazelcastClient(GridDefaults.applyTo(clientConfig));
            Sessions sessions = GridModule.find(SessionFactory.class)
                    .sessions(client, GridModule.find(LockFactory.class).locks(client));
            try {
                report(sessions, member);
            } finally {
                client.shutdown();
                member.getLifecycleService().terminate();
            }
        }
    }

    private static void report(Sessions sessions, HazelcastInstance member) throws Exception {
        List<Double> creates = new ArrayList<>();
        List<Double> gets = new ArrayList<>();
        long[] createLatency = null;
        long[] getLatency = null;
        for (int run = 0; run < RUNS; run++) {
            List<String> ids = Collections.synchronizedList(new ArrayList<>());
            Load.Result created =
                    timed((t, i) -> ids.add(sessions.create(NewSession.builder("bench", "user-" + t + "-" + (i % 100))
                                    .attributes(Map.of("i", i))
                                    .build())
                            .toCompletableFuture()
                            .join()
                            .id()));
            String[] all = ids.toArray(String[]::new);
            Load.Result read = timed((t, i) -> sessions.get("bench", all[(t * 7919 + i) % all.length])
                    .toCompletableFuture()
                    .join());
            creates.add(created.perSecond());
            gets.add(read.perSecond());
            createLatency = created.latencies();
            getLatency = read.latencies();
            System.err.printf("run %d: create %.0f/s, get %.0f/s%n", run, created.perSecond(), read.perSecond());
        }
        Map<String, Double> redis;
        try (RedisPeer peer = RedisPeer.start(6391)) {
            redis = peer.benchmark(List.of("set", "get"), 50, 256, 200_000);
        }
        double[] revoke = revokeAll(sessions, member);
        Load.Result edge = edgeGets();

        StringBuilder out = new StringBuilder("## Sessions (SDK) beside Redis\n\n");
        out.append(String.format(
                Locale.ROOT,
                "%s; one member, write-behind to embedded PostgreSQL 17; remote SDK client,"
                        + " %d threads, %,d operations per run, median of %d runs; Redis 7 (no persistence) measured by"
                        + " `redis-benchmark -c 50 -d 256 -n 200000` in the same run.%n%n",
                LocalDate.now(),
                THREADS,
                OPS,
                RUNS));
        out.append("| Operation | Stategrid | p50 | p99 | Redis | Ratio |\n|---|---|---|---|---|---|\n");
        out.append(String.format(
                Locale.ROOT,
                "| session create vs SET | %,.0f/s | %.0f us | %.0f us | %,.0f/s | %.2fx |%n",
                Stats.median(creates),
                Stats.percentileMicros(createLatency, 50),
                Stats.percentileMicros(createLatency, 99),
                redis.getOrDefault("SET", Double.NaN),
                Stats.median(creates) / redis.getOrDefault("SET", Double.NaN)));
        out.append(String.format(
                Locale.ROOT,
                "| session get (touch) vs GET | %,.0f/s | %.0f us | %.0f us | %,.0f/s | %.2fx |%n%n",
                Stats.median(gets),
                Stats.percentileMicros(getLatency, 50),
                Stats.percentileMicros(getLatency, 99),
                redis.getOrDefault("GET", Double.NaN),
                Stats.median(gets) / redis.getOrDefault("GET", Double.NaN)));
        out.setLength(out.length() - 1);
        out.append(String.format(
                Locale.ROOT,
                "| session get (edge `GET /v1/sessions/{id}`, wrk -c32) vs GET | %,.0f/s | %.0f us | %.0f us | %,.0f/s | %.2fx |%n%n",
                edge.perSecond(),
                Stats.percentileMicros(edge.latencies(), 50),
                Stats.percentileMicros(edge.latencies(), 99),
                redis.getOrDefault("GET", Double.NaN),
                edge.perSecond() / redis.getOrDefault("GET", Double.NaN)));
        out.append(String.format(
                Locale.ROOT,
                "Revoke-all of 10,000 sessions of one user among %,d: **%.0f ms** through the"
                        + " per-user index; finding that user's sessions by a scan of the map alone took %.0f ms.%n",
                (long) revoke[2],
                revoke[0],
                revoke[1]));
        System.out.println(out);
    }

    /**
     * Session reads through the HTTP edge of a full node (member+edge, JWT on every request) under wrk,
     * over 1,000 sessions; the median of 3 runs of 10 s.
     */
    private static Load.Result edgeGets() throws Exception {
        try (StategridNode node = BenchNodes.start("bench-sessions-edge", 27801)) {
            Sessions sessions = node.client().sessions();
            StringBuilder ids = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                String id = sessions.create(NewSession.builder("default", "user-" + i)
                                .attributes(Map.of("i", i))
                                .build())
                        .toCompletableFuture()
                        .join()
                        .id();
                ids.append(i == 0 ? "" : ",").append('"').append(id).append('"');
            }
            String script = """
                    ids = {%s}
                    counter = 0
                    request = function()
                      counter = counter + 1
                      return wrk.format("GET", "/v1/sessions/" .. ids[(counter %% #ids) + 1],
                        {["Authorization"] = "Bearer %s"})
                    end
                    """.formatted(ids, node.devToken().orElseThrow());
            List<Load.Result> runs = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                Load.Result result = Wrk.run(node.edgeUrl().orElseThrow(), script);
                System.err.printf("edge get run %d: %.0f/s%n", run, result.perSecond());
                runs.add(result);
            }
            runs.sort(Comparator.comparingDouble(Load.Result::perSecond));
            return runs.get(1);
        }
    }

    /** {revoke ms, scan ms, sessions in the map}. */
    private static double[] revokeAll(Sessions sessions, HazelcastInstance member) throws Exception {
        int others = 90_000;
        timedFixed(
                10_000,
                (t, i) -> sessions.create(NewSession.builder("bench", "victim").build())
                        .toCompletableFuture()
                        .join());
        timedFixed(
                others,
                (t, i) -> sessions.create(NewSession.builder("bench", "other-" + (i % 9000))
                                .build())
                        .toCompletableFuture()
                        .join());
        int size = member.getMap(SessionMaps.SESSIONS).size();
        long scanStart = System.nanoTime();
        int found = member.getMap(SessionMaps.SESSIONS)
                .keySet(Predicates.sql("subject = 'victim'"))
                .size();
        double scanMs = (System.nanoTime() - scanStart) / 1e6;
        long start = System.nanoTime();
        int revoked =
                sessions.revokeAll("bench", "victim").toCompletableFuture().join();
        double revokeMs = (System.nanoTime() - start) / 1e6;
        if (revoked != 10_000 || found != 10_000) {
            throw new IllegalStateException("revoked " + revoked + ", scan found " + found);
        }
        return new double[] {revokeMs, scanMs, size};
    }

    private static Load.Result timed(Load.Op op) throws InterruptedException {
        return Load.run(THREADS, OPS, op);
    }

    private static Load.Result timedFixed(int total, Load.Op op) throws InterruptedException {
        return Load.run(THREADS, total, op);
    }
}
