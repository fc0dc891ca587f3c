package io.stategrid.bench;

import io.stategrid.internal.client.GridAccess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Coordination primitives on a 3-member cluster with 3 CP members in one JVM, driven through the remote
 * SDK: leased locks (beside Hazelcast's FencedLock and Redisson's RLock on a local Redis), counters and
 * rate-limit checks (beside Redis {@code INCR} from redis-benchmark), all in the same run. Every row is
 * warmed up and then measured for the same time; the rounds are interleaved (round 1 of every row, then
 * round 2, ...) so that a disturbance of the machine hits one round of many rows rather than every round
 * of one; the report gives medians of the rounds. Prints Markdown for BENCHMARKS.md on stdout.
 *
 * <pre>bench/run.sh coordination</pre>
 */
public final class CoordinationBench {
    // Shorter only to try the bench out (-Dbench.measureSeconds=1); the report names what was used.
    static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmupSeconds", 2));
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.measureSeconds", 5));
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /** Calls in flight for the async rows: as many as redis-benchmark's 50 clients. */
    static final int IN_FLIGHT = 50;

    private static final int REDIS_PORT = 6393;
    private static final int FIRST_MEMBER_PORT = 27901;

    private CoordinationBench() {}

    static TimedLoad.Result closed(int threads, TimedLoad.Op op) throws InterruptedException {
        return TimedLoad.closed(threads, WARMUP, MEASURE, op);
    }

    static TimedLoad.Result inFlight(TimedLoad.AsyncOp op) throws InterruptedException {
        return TimedLoad.inFlight(IN_FLIGHT, WARMUP, MEASURE, op);
    }

    public static void main(String[] args) throws Exception {
        String machine = Machine.describe(", Redisson " + mavenVersion("org.redisson", "redisson"));
        double loadBefore = Machine.loadAverage();
        System.err.println(machine + "; load average " + loadBefore);
        Map<String, List<TimedLoad.Result>> results = new LinkedHashMap<>();
        try (RedisPeer redis = RedisPeer.start(REDIS_PORT);
                CpCluster cluster = CpCluster.start(3, FIRST_MEMBER_PORT)) {
            Config config = new Config();
            config.useSingleServer().setAddress("redis://127.0.0.1:" + redis.port());
            RedissonClient redisson = Redisson.create(config);
            try {
                GridAccess client = cluster.client();
                List<BenchRow> rows = new ArrayList<>();
                LockRows.add(rows, client.locks(), client.hazelcast(), redisson);
                RateLimitRows.add(rows, client.rateLimits());
                CounterRows.add(rows, client);
                RedisIncr.add(rows, redis);
                // -Dbench.only=counter.,peer. runs those rows only and prints no report (for trying rows out).
                String only = System.getProperty("bench.only");
                if (only != null) {
                    rows.removeIf(row -> Arrays.stream(only.split(",")).noneMatch(row.id()::startsWith));
                }
                // The first call of each kind creates the CP group, proxies and listeners and takes seconds:
                // one uncounted round of every Stategrid and lock row first.
                for (BenchRow row : rows) {
                    if (!row.id().startsWith("peer.")) {
                        TimedLoad.Result result = row.measure().run();
                        System.err.printf(Locale.ROOT, "warm-up round %-40s %,10.0f/s%n", row.id(), result.perSecond());
                    }
                }
                for (int round = 1; round <= ROUNDS; round++) {
                    for (BenchRow row : rows) {
                        TimedLoad.Result result = row.measure().run();
                        results.computeIfAbsent(row.id(), id -> new ArrayList<>())
                                .add(result);
                        System.err.printf(
                                Locale.ROOT,
                                "round %d %-40s %,10.0f/s p50 %8.0f us p99 %8.0f us%s%n",
                                round,
                                row.id(),
                                result.perSecond(),
                                result.p50Micros(),
                                result.p99Micros(),
                                result.failures() == 0 ? "" : " FAILURES " + result.failures());
                    }
                }
            } finally {
                redisson.shutdown();
            }
        }
        if (System.getProperty("bench.only") != null) {
            System.exit(0);
        }
        System.out.println(new CoordinationReport(results, machine, loadBefore, Machine.loadAverage()).markdown());
        System.exit(0);
    }

    private static String mavenVersion(String group, String artifact) throws IOException {
        Properties properties = new Properties();
        try (var in = CoordinationBench.class.getResourceAsStream(
                "/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return properties.getProperty("version", "?");
    }
}
