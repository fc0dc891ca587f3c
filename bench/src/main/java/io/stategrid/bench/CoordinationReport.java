package io.stategrid.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown section of BENCHMARKS.md for {@link CoordinationBench}: medians of the rounds, ratios to the peers. */
final class CoordinationReport {
    private static final Map<String, String> LOCK_MODES = Map.of(
            "uncontended-1", "uncontended, 1 thread",
            "uncontended-8", "uncontended, 8 threads, own lock each",
            "contended-8", "contended, 8 threads, one lock");
    private static final Map<String, String> LOCK_SYSTEMS = Map.of(
            "stategrid", "**Stategrid leased lock** (SDK)",
            "fencedlock", "Hazelcast `FencedLock` (same client)",
            "redisson", "Redisson `RLock` (local Redis)");

    private final Map<String, List<TimedLoad.Result>> results;
    private final String machine;
    private final double loadBefore;
    private final double loadAfter;

    CoordinationReport(
            Map<String, List<TimedLoad.Result>> results, String machine, double loadBefore, double loadAfter) {
        this.results = results;
        this.machine = machine;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
    }

    String markdown() {
        StringBuilder out = new StringBuilder("## Coordination: locks, counters, rate limits\n\n");
        out.append(String.format(
                Locale.ROOT,
                "%s; %s; load average %.1f at the start, %.1f at the end. One JVM"
                        + " holds 3 Hazelcast 5.4.0 members (all 3 CP members, one CP group), the remote Hazelcast client"
                        + " with the Stategrid SDK that drives them over loopback, the Redisson client and the load"
                        + " threads; `redis-server` (no persistence) and `redis-benchmark` are separate processes on"
                        + " loopback. A first round of every row is not counted; then every row: %d s warm-up, then %d s"
                        + " measured; %d rounds interleaved (round 1 of"
                        + " every row, then round 2, ...); figures are medians of the rounds, p50/p99 the medians of the"
                        + " rounds' percentiles. Closed loop unless marked async (%d calls in flight from one thread,"
                        + " as many as redis-benchmark's 50 clients).%n%n",
                LocalDate.now(),
                machine,
                loadBefore,
                loadAfter,
                CoordinationBench.WARMUP.toSeconds(),
                CoordinationBench.MEASURE.toSeconds(),
                CoordinationBench.ROUNDS,
                CoordinationBench.IN_FLIGHT));
        locks(out);
        counters(out);
        rateLimits(out);
        redis(out);
        return out.toString();
    }

    private void locks(StringBuilder out) {
        out.append("### Locks: lock+release pairs/s\n\n| Mode | System | pairs/s | p50 | p99 | Stategrid ÷ this |\n"
                + "|---|---|---|---|---|---|\n");
        for (String mode : LockRows.MODES) {
            double stategrid = median("lock." + mode + ".stategrid")[0];
            for (String system : LockRows.SYSTEMS) {
                double[] row = median("lock." + mode + "." + system);
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %,.0f | %s | %s | %s |%n",
                        LOCK_MODES.get(mode),
                        LOCK_SYSTEMS.get(system),
                        row[0],
                        micros(row[1]),
                        micros(row[2]),
                        system.equals("stategrid") ? "" : ratio(stategrid, row[0])));
            }
        }
        double[] lookup = median("lock.diag-lookup.hazelcast");
        double[] kept = median("lock.diag-kept.hazelcast");
        out.append(String.format(
                Locale.ROOT,
                "%nWhere a Stategrid pair's time goes (1 thread): the client's"
                        + " `getAtomicReference(name)` alone, which `GridLocks` calls for the acquire and again for the"
                        + " release, %,.0f/s (p50 %s); two commits (`compareAndSet` + `set`) on an `IAtomicReference`"
                        + " proxy kept by the caller, %,.0f pairs/s (p50 %s, p99 %s).%n%n",
                lookup[0],
                micros(lookup[1]),
                kept[0],
                micros(kept[1]),
                micros(kept[2])));
    }

    private void counters(StringBuilder out) {
        List<String[]> rows = CounterRows.REPORT;
        if (rows.isEmpty()) {
            return;
        }
        out.append("### Counters: adds/s\n\n");
        table(out, "adds/s", rows);
    }

    private void rateLimits(StringBuilder out) {
        out.append("### Rate-limit checks/s (`take` of 1 permit, token bucket, every check granted)\n\n");
        table(
                out,
                "checks/s",
                List.of(
                        new String[] {"one hot key, 1 thread", "ratelimit.hot-1.stategrid", RedisIncr.id(1, 1)},
                        new String[] {"one hot key, 8 threads", "ratelimit.hot-8.stategrid", RedisIncr.id(8, 1)},
                        new String[] {"one hot key, async", "ratelimit.hot-async.stategrid", RedisIncr.id(50, 1)},
                        new String[] {
                            RateLimitRows.KEYS + " keys, 1 thread", "ratelimit.many-1.stategrid", RedisIncr.id(1, 1)
                        },
                        new String[] {
                            RateLimitRows.KEYS + " keys, 8 threads", "ratelimit.many-8.stategrid", RedisIncr.id(8, 1)
                        },
                        new String[] {
                            RateLimitRows.KEYS + " keys, async", "ratelimit.many-async.stategrid", RedisIncr.id(50, 1)
                        }));
    }

    /** Rows of {workload, Stategrid row id, Redis INCR row id}. */
    private void table(StringBuilder out, String unit, List<String[]> rows) {
        out.append("| Workload | ")
                .append(unit)
                .append(" | p50 | p99 | Redis `INCR` peer | peer/s | Stategrid ÷ peer |\n"
                        + "|---|---|---|---|---|---|---|\n");
        for (String[] row : rows) {
            double[] ours = median(row[1]);
            double[] peer = median(row[2]);
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %s | %s | %s | %,.0f | %s |%n",
                    row[0],
                    ours[0],
                    micros(ours[1]),
                    micros(ours[2]),
                    redisLabel(row[2]),
                    peer[0],
                    ratio(ours[0], peer[0])));
        }
        out.append('\n');
    }

    private void redis(StringBuilder out) {
        out.append(
                "### Peer: Redis `INCR` by redis-benchmark (one key)\n\n| Command | req/s | p50 | p99 |\n|---|---|---|---|\n");
        for (int[] config : RedisIncr.CONFIGS) {
            double[] row = median(RedisIncr.id(config[0], config[1]));
            out.append(String.format(
                    Locale.ROOT,
                    "| `redis-benchmark -t incr -c %d%s -n %d` | %,.0f | %s | %s |%n",
                    config[0],
                    config[1] > 1 ? " -P " + config[1] : "",
                    config[2],
                    row[0],
                    micros(row[1]),
                    micros(row[2])));
        }
        long failures = results.values().stream()
                .flatMap(List::stream)
                .mapToLong(TimedLoad.Result::failures)
                .sum();
        out.append(String.format(Locale.ROOT, "%nFailed calls in measured windows, all rows: %d.%n", failures));
    }

    private static String redisLabel(String id) {
        return id.replace("peer.incr-", "")
                .replace(".redis", "")
                .replace("-P", " -P ")
                .replace("c", "-c ");
    }

    /** {ops/s, p50 us, p99 us}, each the median over the rounds. */
    private double[] median(String id) {
        List<TimedLoad.Result> runs = results.get(id);
        if (runs == null) {
            throw new IllegalStateException("no results for " + id);
        }
        return new double[] {
            Stats.median(runs.stream().map(TimedLoad.Result::perSecond).toList()),
            Stats.median(runs.stream().map(TimedLoad.Result::p50Micros).toList()),
            Stats.median(runs.stream().map(TimedLoad.Result::p99Micros).toList())
        };
    }

    private static String micros(double value) {
        return Double.isNaN(value)
                ? "–"
                : value < 1
                        ? "<1 us"
                        : value >= 10_000
                                ? String.format(Locale.ROOT, "%.1f ms", value / 1000)
                                : String.format(Locale.ROOT, "%.0f us", value);
    }

    private static String ratio(double ours, double theirs) {
        return String.format(Locale.ROOT, "%.2fx", ours / theirs);
    }
}
