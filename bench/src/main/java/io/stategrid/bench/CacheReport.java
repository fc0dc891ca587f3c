package io.stategrid.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown section of BENCHMARKS.md for {@link CacheBench}: medians of the rounds, ratios to the peers. */
final class CacheReport {
    private static final List<String[]> ROWS = List.of(
            new String[] {"sdk.near.8", "SDK `get`, near cache (8 threads)"},
            new String[] {"sdk.near.2", "SDK `get`, near cache (2 threads: one per core)"},
            new String[] {"diag.near10s.8", "diagnostic: SDK `get`, near cache with a 10 s bound (8 threads)"},
            new String[] {"sdk.remote.1", "SDK `get`, remote (1 thread)"},
            new String[] {"sdk.remote.8", "SDK `get`, remote (8 threads)"},
            new String[] {"sdk.remote.async", "SDK `get`, remote, async (50 in flight, 1 thread)"},
            new String[] {
                "edge.get",
                "edge `GET /v1/caches/{cache}/{key}`, default cache settings: 100 ms near cache (wrk -t2 -c32)"
            },
            new String[] {
                "diag.edge.owner",
                "diagnostic: the same GET on a cache without near cache, read from the owner (wrk -t2 -c32)"
            },
            new String[] {"diag.whoami", "diagnostic: edge `GET /v1/whoami` (JWT, no grid read; wrk -t2 -c32)"},
            new String[] {"peer.vertx", "peer: bare Vert.x server, same 1 KiB body (wrk -t2 -c32)"},
            new String[] {"peer.redis", "peer: Redis `GET` (redis-benchmark -c 50 -d 1024 -r 10000)"},
            new String[] {"peer.redis.P16", "peer: Redis `GET` pipelined (same, -P 16)"});

    private final Map<String, List<TimedLoad.Result>> results;
    private final String machine;
    private final double loadBefore;
    private final double loadAfter;
    private final int nearHeld;
    private final String watermarks;

    CacheReport(
            Map<String, List<TimedLoad.Result>> results,
            String machine,
            double loadBefore,
            double loadAfter,
            int nearHeld,
            String watermarks) {
        this.watermarks = watermarks;
        this.results = results;
        this.machine = machine;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.nearHeld = nearHeld;
    }

    String markdown() {
        StringBuilder out = new StringBuilder("## Caches: reads\n\n");
        out.append(String.format(
                Locale.ROOT,
                "%s; %s; load average %.1f at the start, %.1f at the end. One JVM holds"
                        + " the node (member+edge, Hazelcast 5.4.0, one member), the remote Hazelcast client with the"
                        + " SDK (over loopback) and the load threads; `wrk`, `redis-server` (no persistence) and"
                        + " `redis-benchmark` are separate processes. %,d keys of %d-byte JSON values, read uniformly at"
                        + " random by every row (Redis: `-r %d`). Every row: %d s warm-up, then %d s measured; %d rounds"
                        + " interleaved; figures are medians of the rounds, p50/p99 the medians of the rounds'"
                        + " percentiles (wrk's and redis-benchmark's own for those rows).%n%n",
                LocalDate.now(),
                machine,
                loadBefore,
                loadAfter,
                CacheBench.KEYS,
                CacheBench.VALUE_BYTES,
                CacheBench.KEYS,
                CacheBench.WARMUP.toSeconds(),
                CacheBench.MEASURE.toSeconds(),
                CacheBench.ROUNDS));
        double redis = median("peer.redis")[0];
        double redisP16 = median("peer.redis.P16")[0];
        double vertx = median("peer.vertx")[0];
        out.append("| Workload | reads/s | p50 | p99 | ÷ Redis GET | ÷ Redis GET -P16 | ÷ bare Vert.x |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (String[] row : ROWS) {
            double[] m = median(row[0]);
            boolean peer = row[0].startsWith("peer.") || row[0].startsWith("diag.whoami");
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %s | %s | %s | %s | %s |%n",
                    row[1],
                    m[0],
                    micros(m[1]),
                    micros(m[2]),
                    peer ? "" : ratio(m[0], redis),
                    peer ? "" : ratio(m[0], redisP16),
                    row[0].startsWith("edge.") || row[0].startsWith("diag.whoami") || row[0].startsWith("diag.edge")
                            ? ratio(m[0], vertx)
                            : ""));
        }
        double near = median("sdk.near.8")[0];
        double bestRemote = Math.max(median("sdk.remote.8")[0], median("sdk.remote.async")[0]);
        double edge = median("edge.get")[0];
        out.append(String.format(
                Locale.ROOT,
                "%nTargets: near-cache reads ≥ 50× Redis GET: %s (%s); remote SDK reads"
                        + " ≥ 1× Redis GET: %s (best remote row %s); edge GET ≥ 0.7× the bare Vert.x server: %s (%s)."
                        + " Near cache of the client at the end: %,d entries.%n",
                near >= 50 * redis ? "**met**" : "**not met**",
                ratio(near, redis),
                bestRemote >= redis ? "**met**" : "**not met**",
                ratio(bestRemote, redis),
                edge >= 0.7 * vertx ? "**met**" : "**not met**",
                ratio(edge, vertx),
                nearHeld));
        out.append(String.format(
                Locale.ROOT,
                "Round by round (each row beside the same round's peer): near cache, 8 threads ÷ Redis"
                        + " GET %s; 2 threads %s; remote async ÷ Redis GET %s; edge GET ÷ bare Vert.x %s.%n",
                perRound("sdk.near.8", "peer.redis"),
                perRound("sdk.near.2", "peer.redis"),
                perRound("sdk.remote.async", "peer.redis"),
                perRound("edge.get", "peer.vertx")));
        out.append("\n").append(watermarks).append("\n");
        return out.toString();
    }

    /** The ratio of {@code id} to {@code peer} in each round, in round order. */
    private String perRound(String id, String peer) {
        List<TimedLoad.Result> a = results.getOrDefault(id, List.of());
        List<TimedLoad.Result> b = results.getOrDefault(peer, List.of());
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            ratios.add(ratio(a.get(i).perSecond(), b.get(i).perSecond()));
        }
        return String.join(", ", ratios);
    }

    /** {rate, p50, p99}: medians over the rounds. */
    private double[] median(String id) {
        List<TimedLoad.Result> rounds = results.getOrDefault(id, List.of());
        if (rounds.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {
            Stats.median(rounds.stream().map(TimedLoad.Result::perSecond).toList()),
            Stats.median(rounds.stream().map(TimedLoad.Result::p50Micros).toList()),
            Stats.median(rounds.stream().map(TimedLoad.Result::p99Micros).toList())
        };
    }

    private static String micros(double us) {
        return Double.isNaN(us)
                ? ""
                : us < 10 ? String.format(Locale.ROOT, "%.1f us", us) : String.format(Locale.ROOT, "%,.0f us", us);
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, a / b >= 10 ? "%.0f×" : "%.2f×", a / b);
    }
}
