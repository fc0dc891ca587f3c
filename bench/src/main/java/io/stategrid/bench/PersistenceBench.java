package io.stategrid.bench;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stategrid.internal.GridDefaults;
import io.stategrid.persistence.codec.JsonTextCodec;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.persistence.postgres.EmbeddedPostgresServer;
import io.stategrid.persistence.postgres.PostgresOptions;
import io.stategrid.persistence.postgres.PostgresPool;
import io.stategrid.persistence.store.PersistenceContext;
import io.stategrid.persistence.store.PersistentMapSpec;
import io.stategrid.testing.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write-behind persistence against its peer, synchronous single-row JDBC upserts, on the same durable
 * embedded PostgreSQL in the same run: write throughput (N threads), drain rate of a full queue, and
 * catch-up time after a 20 s outage. Prints a Markdown section for BENCHMARKS.md.
 *
 * <pre>bench/run.sh persistence</pre>
 */
public final class PersistenceBench {
    private static final int THREADS = 8;
    private static final int WRITES = 100_000;
    private static final int RUNS = 3;
    private static final String UPSERT = "insert into jdbc_peer (key, value) values (?, ?::jsonb)"
            + " on conflict (key) do update set value = excluded.value";

    private PersistenceBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("stategrid-bench-pg");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, 0, true)) {
            PostgresOptions options = PostgresOptions.builder(server.jdbcUrl())
                    .schema("bench")
                    .maxPoolSize(16)
                    .build();
            StringBuilder report = new StringBuilder();
            report.append("## Persistence (write-behind vs synchronous JDBC)\n\n");
            report.append(String.format(
                    Locale.ROOT,
                    "%s; %d threads, %d writes in all of a small JSON value per run; "
                            + "median of %d runs; PostgreSQL 17 embedded, fsync on, same machine.%n%n",
                    LocalDate.now(),
                    THREADS,
                    WRITES,
                    RUNS));
            List<Double> grid = new ArrayList<>();
            List<Double> jdbc = new ArrayList<>();
            List<Double> drain = new ArrayList<>();
            long[] gridLatencies = null;
            long[] jdbcLatencies = null;
            for (int run = 0; run < RUNS; run++) {
                try (PostgresPool pool = PostgresPool.open(options)) {
                    Load.Result peer = jdbcUpserts(pool);
                    jdbc.add(peer.perSecond());
                    jdbcLatencies = peer.latencies();
                }
                Cluster cluster = Cluster.start(options, Duration.ofSeconds(1));
                try {
                    Load.Result writeBehind = gridWrites(cluster.map, "run" + run);
                    grid.add(writeBehind.perSecond());
                    gridLatencies = writeBehind.latencies();
                } finally {
                    cluster.close();
                }
                drain.add(drainRate(options));
                System.err.printf(
                        "run %d: grid %.0f/s, jdbc %.0f/s, drain %.0f rows/s%n",
                        run, grid.get(run), jdbc.get(run), drain.get(run));
            }
            double catchUp = catchUpAfterOutage(options, server.port());
            report.append("| Measure | Stategrid write-behind | JDBC single-row upsert | Ratio |\n|---|---|---|---|\n");
            report.append(String.format(
                    Locale.ROOT,
                    "| writes/s (median) | %,.0f | %,.0f | %.1fx |%n",
                    Stats.median(grid),
                    Stats.median(jdbc),
                    Stats.median(grid) / Stats.median(jdbc)));
            report.append(String.format(
                    Locale.ROOT,
                    "| write latency p50 | %.0f us | %.0f us | |%n",
                    Stats.percentileMicros(gridLatencies, 50),
                    Stats.percentileMicros(jdbcLatencies, 50)));
            report.append(String.format(
                    Locale.ROOT,
                    "| write latency p99 | %.0f us | %.0f us | |%n",
                    Stats.percentileMicros(gridLatencies, 99),
                    Stats.percentileMicros(jdbcLatencies, 99)));
            report.append(String.format(
                    Locale.ROOT,
                    "| drain of a %,d-entry queue (median) | %,.0f rows/s | | |%n",
                    WRITES,
                    Stats.median(drain)));
            report.append(String.format(
                    Locale.ROOT, "| catch-up after a 20 s outage under steady writes | %.1f s | | |%n%n", catchUp));
            System.out.println(report);
        }
    }

    private static Load.Result gridWrites(IMap<String, String> map, String prefix) throws InterruptedException {
        return Load.run(THREADS, WRITES, (thread, i) -> map.set(prefix + "-" + thread + "-" + i, "{\"n\":" + i + "}"));
    }

    private static Load.Result jdbcUpserts(PostgresPool pool) throws Exception {
        try (Connection c = pool.connection();
                Statement s = c.createStatement()) {
            s.execute("create table if not exists jdbc_peer (key text primary key, value jsonb not null)");
            s.execute("truncate jdbc_peer");
        }
        return Load.run(THREADS, WRITES, (thread, i) -> {
            try (Connection c = pool.connection();
                    PreparedStatement s = c.prepareStatement(UPSERT)) {
                s.setString(1, thread + "-" + i);
                s.setString(2, "{\"n\":" + i + "}");
                s.executeUpdate();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Queue WRITES entries behind an hour of delay, then time the flush. */
    private static double drainRate(PostgresOptions options) throws InterruptedException {
        Cluster cluster = Cluster.start(options, Duration.ofHours(1));
        try {
            String prefix = "drain-" + UUID.randomUUID();
            gridWrites(cluster.map, prefix);
            long start = System.nanoTime();
            PersistentMaps.flushAll(cluster.member, Duration.ofMinutes(5));
            return WRITES / ((System.nanoTime() - start) / 1e9);
        } finally {
            cluster.close();
        }
    }

    /** Steady writes; PostgreSQL cut for 20 s; seconds from its return until the backlog is stored. */
    private static double catchUpAfterOutage(PostgresOptions options, int pgPort) throws Exception {
        try (TcpProxy proxy = new TcpProxy(pgPort)) {
            PostgresOptions proxied = options.toBuilder("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres")
                    .build();
            Cluster cluster = Cluster.start(proxied, Duration.ofSeconds(1));
            try {
                AtomicLong written = new AtomicLong();
                Thread writer = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        long n = written.incrementAndGet();
                        try {
                            cluster.map.set("steady-" + (n % 50_000), "{\"n\":" + n + "}");
                        } catch (RuntimeException e) {
                            return;
                        }
                    }
                });
                writer.start();
                TimeUnit.SECONDS.sleep(3);
                proxy.cut();
                TimeUnit.SECONDS.sleep(20);
                proxy.restore();
                long restored = System.nanoTime();
                writer.interrupt();
                writer.join();
                while (PersistentMaps.backlog(cluster.member, "bench") > 0) {
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                return (System.nanoTime() - restored) / 1e9;
            } finally {
                cluster.close();
            }
        }
    }

    /** One member with a write-behind map "bench" over its own pool. */
    private record Cluster(HazelcastInstance member, IMap<String, String> map, PostgresPool pool) {
        static Cluster start(PostgresOptions options, Duration writeDelay) {
            PostgresPool pool = PostgresPool.open(options);
            PersistenceContext context = new PersistenceContext(
                    pool, new SimpleMeterRegistry(), Path.of(System.getProperty("java.io.tmpdir"), "bench-spool"));
            context.migrator().migrate();
            try (Connection c = pool.connection();
                    Statement s = c.createStatement()) {
                s.execute("delete from grid_entries where map_name = 'bench'");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Config config = new Config().setClusterName("bench-" + UUID.randomUUID());
            config.getNetworkConfig().setPort(25701).setPortAutoIncrement(true);
            config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
            config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
            config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
            PersistentMaps.configure(
                    config,
                    PersistentMapSpec.builder("bench", JsonTextCodec.INSTANCE)
                            .writeDelay(writeDelay)
                            .build(),
                    context);
            HazelcastInstance member = Hazelcast.newHazelcastInstance(GridDefaults.applyTo(config));
            return new Cluster(member, member.getMap("bench"), pool);
        }

        /** Flushes what is still queued (not measured), so nothing is left to fail against a closed pool. */
        void close() {
            PersistentMaps.flushAll(member, Duration.ofMinutes(2));
            member.getLifecycleService().terminate();
            pool.close();
        }
    }
}
