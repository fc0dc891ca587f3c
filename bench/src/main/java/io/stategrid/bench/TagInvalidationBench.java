package io.stategrid.bench;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheWrite;
import io.stategrid.client.ClientOptions;
import io.stategrid.internal.cache.CacheMaps;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.client.GridAccess;
import io.stategrid.node.StategridNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Invalidating one tag's 1,000 entries in caches of 10,000, 100,000 and 1,000,000 entries: through the
 * tag index ({@code caches().invalidateTags}), beside what a scan costs (a Hazelcast {@code removeAll}
 * with a key pattern over the same map, as users do with {@code KEYS}/{@code SCAN} on Redis). An index
 * takes about the same time at every size; a scan grows with the cache.
 *
 * <p>Run: {@code bench/run.sh cache-tags} (prints the Markdown section of BENCHMARKS.md).
 */
public final class TagInvalidationBench {
    static final int MEMBER_PORT = 18711;
    static final int TAGGED = 1_000;
    static final int[] SIZES = {10_000, 100_000, 1_000_000};
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final String TENANT = "default";
    static final String VALUE = "{\"v\":\"" + "x".repeat(90) + "\"}";

    private TagInvalidationBench() {}

    public static void main(String[] args) throws Exception {
        String machine = Machine.describe("");
        System.err.println(machine + "; load average " + Machine.loadAverage());
        Map<Integer, double[]> results = new LinkedHashMap<>();
        try (StategridNode node = BenchNodes.start("bench-tags", MEMBER_PORT);
                GridAccess client = ClientFactory.connect(ClientOptions.builder()
                        .clusterName("bench-tags")
                        .addresses("127.0.0.1:" + MEMBER_PORT)
                        .build())) {
            CacheService caches = client.caches();
            for (int size : SIZES) {
                String cache = "tags-" + size;
                caches.create(CacheSpec.builder(cache).nearCacheStaleness(null).build())
                        .toCompletableFuture()
                        .join();
                long filled = System.nanoTime();
                fill(caches, cache, 0, size, size / TAGGED);
                System.err.printf(
                        Locale.ROOT,
                        "%s: %,d entries written in %.1f s%n",
                        cache,
                        size,
                        (System.nanoTime() - filled) / 1e9);
                IMap<String, Object> map = client.hazelcast().getMap(CacheMaps.MAP_PREFIX + cache);
                List<Double> index = new ArrayList<>();
                List<Double> scan = new ArrayList<>();
                for (int round = 1; round <= ROUNDS; round++) {
                    long start = System.nanoTime();
                    int dropped = caches.invalidateTags(TENANT, cache, List.of("hot"))
                            .toCompletableFuture()
                            .join();
                    index.add((System.nanoTime() - start) / 1e6);
                    check(dropped == TAGGED, "the tag dropped " + dropped + " entries, not " + TAGGED);
                    check(map.size() == size - TAGGED, "the map holds " + map.size() + " entries after the tag");
                    fillTagged(caches, cache, size);
                    // The scan: every entry's key tested against the pattern on its member.
                    Predicate<String, Object> tagged = Predicates.like("__key", "%/hot-%");
                    start = System.nanoTime();
                    map.removeAll(tagged);
                    scan.add((System.nanoTime() - start) / 1e6);
                    check(map.size() == size - TAGGED, "the scan left " + map.size() + " entries");
                    fillTagged(caches, cache, size);
                    System.err.printf(
                            Locale.ROOT,
                            "round %d %,9d entries: index %7.1f ms, scan %7.1f ms (load %.1f)%n",
                            round,
                            size,
                            index.get(round - 1),
                            scan.get(round - 1),
                            Machine.loadAverage());
                }
                results.put(size, new double[] {Stats.median(index), Stats.median(scan)});
                caches.invalidateAll(TENANT, cache).toCompletableFuture().join();
                map.destroy();
            }
        }
        System.out.println(markdown(machine, results));
        System.exit(0);
    }

    /** Writes keys {@code from..to}; every {@code every}-th is tagged "hot" (key {@code hot-<i>}). */
    private static void fill(CacheService caches, String cache, int from, int to, int every) {
        List<CompletableFuture<Void>> batches = new ArrayList<>();
        Map<String, CacheWrite> batch = new LinkedHashMap<>();
        CacheWrite plain = CacheWrite.json(VALUE).withTags("all");
        CacheWrite hot = plain.withTags("all", "hot");
        for (int i = from; i < to; i++) {
            boolean tagged = i % every == 0;
            batch.put(tagged ? "hot-" + i : "k-" + i, tagged ? hot : plain);
            if (batch.size() == 1_000 || i == to - 1) {
                batches.add(caches.putAll(TENANT, cache, batch).toCompletableFuture());
                batch = new LinkedHashMap<>();
                if (batches.size() == 8) {
                    CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new))
                            .join();
                    batches.clear();
                }
            }
        }
        CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).join();
    }

    private static void fillTagged(CacheService caches, String cache, int size) {
        Map<String, CacheWrite> batch = new LinkedHashMap<>();
        CacheWrite hot = CacheWrite.json(VALUE).withTags("all", "hot");
        for (int i = 0; i < size; i += size / TAGGED) {
            batch.put("hot-" + i, hot);
        }
        caches.putAll(TENANT, cache, batch).toCompletableFuture().join();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    static String markdown(String machine, Map<Integer, double[]> results) {
        StringBuilder out = new StringBuilder("## Caches: invalidating a tag (index vs scan)\n\n");
        out.append(LocalDate.now())
                .append("; ")
                .append(machine)
                .append(". One node (one member), the SDK over a")
                .append(" remote client in the same JVM. Each cache holds N entries of ~100-byte JSON, 1,000 of them")
                .append(
                        " tagged `hot`; each round times `invalidateTags(hot)` (the tag index: the 1,000 keys, then one")
                .append(" delete per key's owner), then puts the 1,000 back and times the scan peer, `IMap.removeAll`")
                .append(" with the predicate `__key like '%/hot-%'` (every entry tested on its member, as `SCAN MATCH`")
                .append(" on Redis), then puts them back again. Medians of ")
                .append(ROUNDS)
                .append(" rounds.\n\n");
        out.append(
                "| Entries in the cache | tagged | invalidate by tag (index) | scan with a key pattern | scan ÷ index |\n");
        out.append("|---|---|---|---|---|\n");
        results.forEach((size, m) -> out.append(String.format(
                Locale.ROOT, "| %,d | %,d | %.1f ms | %.1f ms | %.1f× |%n", size, TAGGED, m[0], m[1], m[1] / m[0])));
        double[] small = results.get(SIZES[0]);
        double[] large = results.get(SIZES[SIZES.length - 1]);
        out.append(String.format(
                Locale.ROOT,
                "%nFrom %,d to %,d entries (100× more), the tag's invalidation went from"
                        + " %.1f to %.1f ms (%.2f×), the scan from %.1f to %.1f ms (%.1f×).%n",
                SIZES[0],
                SIZES[SIZES.length - 1],
                small[0],
                large[0],
                large[0] / small[0],
                small[1],
                large[1],
                large[1] / small[1]));
        return out.toString();
    }
}
