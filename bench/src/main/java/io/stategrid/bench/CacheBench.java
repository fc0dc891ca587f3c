package io.stategrid.bench;

import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheValue;
import io.stategrid.cache.CacheWrite;
import io.stategrid.client.ClientOptions;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.client.GridAccess;
import io.stategrid.node.StategridNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cache reads beside their peers, all in one run: the SDK's {@code get} served by its near cache, the
 * SDK's {@code get} from the owner (1 and 8 threads closed loop, and 50 calls in flight from one
 * thread), the edge's {@code GET /v1/caches/{cache}/{key}} under {@code wrk}; Redis {@code GET} from
 * {@code redis-benchmark -c 50 -d 1024} (with and without {@code -P 16}) and a bare Vert.x server
 * answering the same 1 KiB body under the same {@code wrk}. 10,000 keys of 1 KiB JSON each, read
 * uniformly at random by every row. Each row warms up, then is measured for the same time; rounds are
 * interleaved (round 1 of every row, then round 2, ...); the report gives medians of the rounds.
 * Prints Markdown for BENCHMARKS.md on stdout.
 *
 * <pre>bench/run.sh caches</pre>
 */
public final class CacheBench {
    // Shorter only to try the bench out (-Dbench.measureSeconds=2); the report names what was used.
    static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmupSeconds", 3));
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.measureSeconds", 10));
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int KEYS = 10_000;
    static final int VALUE_BYTES = 1024;
    /** Calls in flight for the async row: as many as redis-benchmark's 50 clients. */
    static final int IN_FLIGHT = 50;

    static final int THREADS = 8;
    static final int CORES = Runtime.getRuntime().availableProcessors();
    static final String TENANT = "default";
    static final String NEAR = "bench-near";
    static final String REMOTE = "bench-remote";
    /** Diagnostic: a near cache with a 10 s bound, where almost every read is a hit without revalidation. */
    static final String NEAR_10S = "bench-near-10s";

    private static final int REDIS_PORT = 6394;
    private static final int MEMBER_PORT = 28101;

    private CacheBench() {}

    public static void main(String[] args) throws Exception {
        String machine = Machine.describe("");
        double loadBefore = Machine.loadAverage();
        System.err.println(machine + "; load average " + loadBefore);
        String[] keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "k" + i;
        }
        Map<String, List<TimedLoad.Result>> results = new LinkedHashMap<>();
        int nearHeld;
        String watermarks;
        Vertx bareVertx = Vertx.vertx();
        try (RedisPeer redis = RedisPeer.start(REDIS_PORT);
                StategridNode node = BenchNodes.start("bench-caches", MEMBER_PORT);
                GridAccess client = ClientFactory.connect(ClientOptions.builder()
                        .clusterName("bench-caches")
                        .addresses("127.0.0.1:" + MEMBER_PORT)
                        .build())) {
            CacheService caches = client.caches();
            caches.create(CacheSpec.builder(NEAR).build()).toCompletableFuture().join();
            caches.create(CacheSpec.builder(REMOTE).nearCacheStaleness(null).build())
                    .toCompletableFuture()
                    .join();
            caches.create(CacheSpec.builder(NEAR_10S)
                            .nearCacheStaleness(Duration.ofSeconds(10))
                            .build())
                    .toCompletableFuture()
                    .join();
            fill(caches, NEAR);
            fill(caches, REMOTE);
            fill(caches, NEAR_10S);
            RedisGet.fill(REDIS_PORT, KEYS, VALUE_BYTES);
            watermarks = watermarkTraffic(caches);
            String edge = node.edgeUrl().orElseThrow();
            String token = node.devToken().orElseThrow();
            checkEdge(edge, token);
            String bare = bareServer(bareVertx);
            // The edge reads a cache with the default settings (a 100 ms near cache), as a user's would.
            String script = wrkScript(token, NEAR);

            List<BenchRow> rows = new ArrayList<>();
            rows.add(new BenchRow(
                    "sdk.near.8",
                    () -> TimedLoad.closed(THREADS, WARMUP, MEASURE, (t, i) -> read(caches, NEAR, keys))));
            // As many reader threads as cores: a hit never waits, so more threads only take turns on the cores.
            rows.add(new BenchRow(
                    "sdk.near.2", () -> TimedLoad.closed(CORES, WARMUP, MEASURE, (t, i) -> read(caches, NEAR, keys))));
            rows.add(new BenchRow(
                    "diag.near10s.8",
                    () -> TimedLoad.closed(THREADS, WARMUP, MEASURE, (t, i) -> read(caches, NEAR_10S, keys))));
            rows.add(new BenchRow(
                    "sdk.remote.1", () -> TimedLoad.closed(1, WARMUP, MEASURE, (t, i) -> read(caches, REMOTE, keys))));
            rows.add(new BenchRow(
                    "sdk.remote.8",
                    () -> TimedLoad.closed(THREADS, WARMUP, MEASURE, (t, i) -> read(caches, REMOTE, keys))));
            rows.add(new BenchRow(
                    "sdk.remote.async",
                    () -> TimedLoad.inFlight(
                            IN_FLIGHT,
                            WARMUP,
                            MEASURE,
                            i -> caches.get(
                                            TENANT,
                                            REMOTE,
                                            keys[ThreadLocalRandom.current().nextInt(KEYS)])
                                    .thenApply(CacheBench::present))));
            rows.add(new BenchRow("edge.get", () -> Wrk.timed(edge, script, WARMUP, MEASURE)));
            // Diagnostic: the same GET on a cache without near caches, read from the key's owner every time.
            rows.add(new BenchRow("diag.edge.owner", () -> Wrk.timed(edge, wrkScript(token, REMOTE), WARMUP, MEASURE)));
            // Diagnostic: the edge's fixed cost (routing, JWT, a small JSON answer) without a grid read.
            rows.add(new BenchRow("diag.whoami", () -> Wrk.timed(edge, whoamiScript(token), WARMUP, MEASURE)));
            rows.add(new BenchRow("peer.vertx", () -> Wrk.timed(bare, script, WARMUP, MEASURE)));
            RedisGet plain = new RedisGet(REDIS_PORT, KEYS, VALUE_BYTES, 1);
            RedisGet pipelined = new RedisGet(REDIS_PORT, KEYS, VALUE_BYTES, 16);
            rows.add(new BenchRow("peer.redis", () -> plain.measure(WARMUP, MEASURE)));
            rows.add(new BenchRow("peer.redis.P16", () -> pipelined.measure(WARMUP, MEASURE)));
            // -Dbench.only=sdk.,edge. runs those rows only and prints no report (for trying rows out).
            String only = System.getProperty("bench.only");
            if (only != null) {
                rows.removeIf(row -> Arrays.stream(only.split(",")).noneMatch(row.id()::startsWith));
            }
            for (int round = 1; round <= ROUNDS; round++) {
                for (BenchRow row : rows) {
                    TimedLoad.Result result = row.measure().run();
                    results.computeIfAbsent(row.id(), id -> new ArrayList<>()).add(result);
                    System.err.printf(
                            Locale.ROOT,
                            "round %d %-18s %,12.0f/s p50 %8.1f us p99 %8.1f us%s (load %.1f)%n",
                            round,
                            row.id(),
                            result.perSecond(),
                            result.p50Micros(),
                            result.p99Micros(),
                            result.failures() == 0 ? "" : " FAILURES " + result.failures(),
                            Machine.loadAverage());
                }
            }
            nearHeld = caches.nearCacheSize(NEAR);
            System.err.println("node's near cache of " + NEAR + " (the edge reads through it): "
                    + ((CacheService) node.client().caches()).nearCacheSize(NEAR) + " entries");
        } finally {
            bareVertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (System.getProperty("bench.only") != null) {
            System.exit(0);
        }
        System.out.println(
                new CacheReport(results, machine, loadBefore, Machine.loadAverage(), nearHeld, watermarks).markdown());
        System.exit(0);
    }

    /**
     * What the members' watermarks cost the client (every near-cache holder receives them all): messages
     * and payload bytes per second over 5 s idle, then over 5 s of writes to random keys. Payload = the
     * fields (member id, tick, kind, time, three array lengths: 67 bytes) plus 20 bytes per listed
     * partition, without Hazelcast's framing.
     */
    private static String watermarkTraffic(CacheService caches) throws InterruptedException {
        long[] start = caches.watermarksReceived();
        TimeUnit.SECONDS.sleep(5);
        long[] idle = caches.watermarksReceived();
        Semaphore slots = new Semaphore(50);
        long writes = 0;
        long writeStart = System.nanoTime();
        while (System.nanoTime() - writeStart < TimeUnit.SECONDS.toNanos(5)) {
            slots.acquire();
            int i = ThreadLocalRandom.current().nextInt(KEYS);
            caches.put(TENANT, REMOTE, "k" + i, new CacheWrite(value(i), CacheValue.JSON, null, null, null))
                    .whenComplete((v, e) -> slots.release());
            writes++;
        }
        slots.acquire(50);
        long[] busy = caches.watermarksReceived();
        double idleMessages = (idle[0] - start[0]) / 5.0;
        double idleBytes = ((idle[0] - start[0]) * 67 + (idle[1] - start[1]) * 20) / 5.0;
        double busyMessages = (busy[0] - idle[0]) / 5.0;
        double busyBytes = ((busy[0] - idle[0]) * 67 + (busy[1] - idle[1]) * 20) / 5.0;
        String line = String.format(
                Locale.ROOT,
                "Watermark traffic to each near-cache holder (1 member, %d partitions):"
                        + " idle %.0f messages/s, %.1f KB/s of payload; during %,.0f writes/s, %.0f messages/s, %.1f KB/s."
                        + " Full watermarks every period (before deltas) would be %.1f KB/s whatever the load.",
                271,
                idleMessages,
                idleBytes / 1000,
                writes / 5.0,
                busyMessages,
                busyBytes / 1000,
                (1000.0 / 20) * (67 + 271 * 20) / 1000);
        System.err.println(line);
        return line;
    }

    /** The JSON value of key {@code i}: exactly {@value #VALUE_BYTES} bytes. */
    static byte[] value(int i) {
        String head = "{\"id\":\"k" + i + "\",\"n\":" + i + ",\"tags\":[\"bench\",\"cache\"],\"pad\":\"";
        String tail = "\"}";
        return (head + "x".repeat(VALUE_BYTES - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static void fill(CacheService caches, String cache) {
        for (int from = 0; from < KEYS; from += 1000) {
            Map<String, CacheWrite> batch = new LinkedHashMap<>();
            for (int i = from; i < from + 1000; i++) {
                batch.put("k" + i, new CacheWrite(value(i), CacheValue.JSON, null, null, null));
            }
            caches.putAll(TENANT, cache, batch).toCompletableFuture().join();
        }
    }

    private static void read(CacheService caches, String cache, String[] keys) {
        present(caches.get(TENANT, cache, keys[ThreadLocalRandom.current().nextInt(KEYS)])
                .toCompletableFuture()
                .join());
    }

    private static CacheValue present(Optional<CacheValue> found) {
        CacheValue value = found.orElseThrow(() -> new IllegalStateException("a bench key was missing"));
        if (value.value().length != VALUE_BYTES) {
            throw new IllegalStateException("read " + value.value().length + " bytes, not " + VALUE_BYTES);
        }
        return value;
    }

    private static void checkEdge(String edge, String token) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(edge + "/v1/caches/" + REMOTE + "/k42"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200 || !Arrays.equals(response.body(), value(42))) {
            throw new IllegalStateException("edge GET answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    /** One HTTP server on one event loop (as the edge has), answering every request with a fixed 1 KiB JSON body. */
    private static String bareServer(Vertx vertx) {
        Buffer body = Buffer.buffer(value(42));
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("ETag", "\"1\"")
                        .end(body))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .join();
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Uniformly random keys of the remote cache, with the dev token (the bare server ignores both). */
    private static String wrkScript(String token, String cache) {
        return """
                init = function(args)
                  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
                end
                request = function()
                  return wrk.format("GET", "/v1/caches/%s/k" .. math.random(0, %d),
                    {["Authorization"] = "Bearer %s"})
                end
                """.formatted(cache, KEYS - 1, token);
    }

    private static String whoamiScript(String token) {
        return """
                request = function()
                  return wrk.format("GET", "/v1/whoami", {["Authorization"] = "Bearer %s"})
                end
                """.formatted(token);
    }
}
