package io.stategrid.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.document.DocumentType;
import io.stategrid.document.Documents;
import io.stategrid.document.Edit;
import io.stategrid.testing.NodeExtension;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many clients that stop reading (TCP backpressure: their kernel buffers fill, then the edge's queue)
 * while a writer keeps going: each is closed by policy, a healthy subscriber gets every op in order
 * without falling behind, and the bytes the edge holds for its sockets stay under sockets x limit,
 * read from the edge's own gauge ({@code stategrid_realtime_outbound_queued_bytes}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SlowConsumersTest {
    private static final int SLOW = 150;
    private static final int QUEUE_BYTES = 65_536;
    private static final int MAX_SOCKETS = SLOW + 10;
    private static final String CHUNK = "y".repeat(16_000);
    private static final int WINDOW = 16;

    @RegisterExtension
    static final NodeExtension nodes = NodeExtension.builder()
            .set("realtime.writeQueueMaxBytes", String.valueOf(QUEUE_BYTES))
            .set("realtime.maxSockets", String.valueOf(MAX_SOCKETS))
            .build();

    @Test
    void manyStalledClientsAreClosedWhileTheHealthyOneKeepsUpAndTheEdgeHoldsBoundedBytes() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gauges().sockets == 0);
        long judgedBefore = gauges().slowConsumers;
        Documents documents = nodes.node(0).client().documents();
        documents
                .put("acme", "hot", DocumentType.TEXT, "", Edit.by("seed"))
                .toCompletableFuture()
                .join();
        int port = nodes.node(0).edgePort().orElseThrow();
        List<RawWebSocket> stalled = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        AtomicBoolean stop = new AtomicBoolean();
        try (TestSocket healthy = TestSocket.open(nodes, 0, nodes.token("healthy", "acme", "docs:read"))) {
            healthy.send(new JsonObject().put("type", "subscribe").put("doc", "hot"));
            assertThat(healthy.next("subscribed").getLong("fromVersion")).isEqualTo(2);
            for (int i = 0; i < SLOW; i++) {
                RawWebSocket socket = RawWebSocket.open(port, nodes.token("stalled-" + i, "acme", "docs:read"), 4096);
                stalled.add(socket);
                assertThat(socket.status).isEqualTo(101);
                socket.next("ready");
                socket.send(new JsonObject().put("type", "subscribe").put("doc", "hot"));
                socket.next("subscribed");
                // ...and from here on it reads nothing.
            }
            assertThat(gauges().sockets).isEqualTo(SLOW + 1);

            // The edge's gauges, as Prometheus sees them, sampled all along.
            AtomicLong maxQueued = new AtomicLong();
            AtomicLong samples = new AtomicLong();
            Future<?> sampler = threads.submit(() -> {
                while (!stop.get()) {
                    Gauges now = gauges();
                    maxQueued.accumulateAndGet(now.queuedBytes, Math::max);
                    samples.incrementAndGet();
                }
            });
            // The healthy subscriber's arrivals, timed as they come.
            Map<Long, Long> arrived = new ConcurrentHashMap<>();
            List<Long> order = Collections.synchronizedList(new ArrayList<>());
            AtomicLong lastWritten = new AtomicLong(-1);
            // The writer stays at most WINDOW ops ahead of the healthy subscriber: as fast as a client that
            // reads keeps up, never so far ahead that the healthy one would overflow its own queue.
            Semaphore window = new Semaphore(WINDOW);
            Future<?> reader = threads.submit(() -> {
                while (lastWritten.get() < 0 || !arrived.containsKey(lastWritten.get())) {
                    JsonObject message = healthy.received.poll(50, TimeUnit.MILLISECONDS);
                    if (message != null && "op".equals(message.getString("type"))) {
                        long version = message.getLong("version");
                        order.add(version);
                        arrived.put(version, System.nanoTime());
                        window.release();
                    }
                }
                return null;
            });
            // One writer, as fast as the grid acknowledges: 16 kB inserts, each undone by the next op.
            Map<Long, Long> acked = new ConcurrentHashMap<>();
            AtomicLong version = new AtomicLong(1);
            long start = System.nanoTime();
            Future<?> writer = threads.submit(() -> {
                while (!stop.get()) {
                    window.acquire();
                    long base = version.get();
                    String op = base % 2 == 1 ? "[\"" + CHUNK + "\"]" : "[{\"d\":16000}]";
                    long applied = documents
                            .submit("acme", "hot", base, op, Edit.by("pump"))
                            .toCompletableFuture()
                            .join()
                            .version();
                    acked.put(applied, System.nanoTime());
                    version.set(applied);
                }
                return null;
            });

            // Every stalled client is judged slow and its connection dropped (its buffers freed), while writes go on.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> gauges().slowConsumers >= judgedBefore + SLOW);
            long judged = System.nanoTime();
            long opsWhenJudged = version.get() - 1;
            // A stalled client that reads again within the grace gets what was queued, then 4008.
            assertThat(stalled.get(0).readUntilClosed())
                    .as("close code seen by a client that reads again")
                    .isEqualTo(4008);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> gauges().sockets == 1);
            long dropped = System.nanoTime();
            // A little more writing with only the healthy one left, then stop.
            long target = version.get() + 50;
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> version.get() >= target);
            stop.set(true);
            writer.get(30, TimeUnit.SECONDS);
            long written = System.nanoTime();
            long last = version.get();
            lastWritten.set(last);
            reader.get(30, TimeUnit.SECONDS);
            sampler.get(30, TimeUnit.SECONDS);

            assertThat(gauges().slowConsumers - judgedBefore)
                    .as("only the stalled ones were judged slow")
                    .isEqualTo(SLOW);
            List<Long> expected = LongStream.rangeClosed(2, last).boxed().toList();
            assertThat(order)
                    .as("the healthy subscriber got every op, once, in order")
                    .isEqualTo(expected);
            long duringStall = arrived.values().stream().filter(t -> t < judged).count();
            long alone = arrived.values().stream().filter(t -> t > dropped).count();
            long worstLagNanos = 0;
            for (long v = 2; v <= last; v++) {
                worstLagNanos = Math.max(worstLagNanos, arrived.get(v) - acked.get(v));
            }
            long ops = last - 1;
            double seconds = (written - start) / 1e9;
            double healthyRate = ops / ((arrived.get(last) - arrived.get(2L)) / 1e9);
            // Per socket: the limit, plus the message that crossed it (16 kB of op and its JSON), plus
            // Netty's per-write overhead; sampled through /metrics all along.
            long perSocket = QUEUE_BYTES + CHUNK.length() + 2_048;
            System.out.printf(
                    "slow consumers: %d stalled sockets judged slow after %.1f s (%d ops), connections"
                            + " dropped after %.1f s; %d ops in %.1f s (%.0f ops/s written, healthy %.0f ops/s overall,"
                            + " %.0f ops/s while the stalled ones filled, %.0f ops/s once alone; worst lag %d ms);"
                            + " edge queued bytes max %d over %d samples (bound %d)%n",
                    SLOW,
                    (judged - start) / 1e9,
                    opsWhenJudged,
                    (dropped - start) / 1e9,
                    ops,
                    seconds,
                    ops / seconds,
                    healthyRate,
                    duringStall / ((judged - start) / 1e9),
                    alone / ((arrived.get(last) - dropped) / 1e9),
                    worstLagNanos / 1_000_000,
                    maxQueued.get(),
                    samples.get(),
                    (SLOW + 1) * perSocket);
            assertThat(maxQueued.get())
                    .as("the edge's outbound bytes stay under sockets x per-socket bound")
                    .isLessThanOrEqualTo((SLOW + 1) * perSocket);
            assertThat(maxQueued.get())
                    .as("the stalled clients really pushed back: their queues filled")
                    .isGreaterThan((long) SLOW * QUEUE_BYTES / 2);
            assertThat(worstLagNanos).as("the healthy subscriber kept up").isLessThan(TimeUnit.SECONDS.toNanos(10));

            // What a stalled client finds when it reads again: what was queued, then 4008 (or, if the edge
            // dropped the connection before the close frame got out, the end of the stream).
            int sawCode = 0;
            for (RawWebSocket socket : stalled.subList(1, SLOW)) {
                int code = socket.readUntilClosed();
                assertThat(code).isIn(4008, RawWebSocket.NO_CLOSE_FRAME);
                sawCode += code == 4008 ? 1 : 0;
            }
            System.out.printf(
                    "slow consumers: %d of %d saw the 4008 close frame, the rest the end of the stream%n",
                    sawCode, SLOW - 1);
        } finally {
            stop.set(true);
            threads.shutdownNow();
            stalled.forEach(RawWebSocket::close);
        }
    }

    @Test
    void channelFanOutToStalledClientsIsBoundedTheSameWay() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gauges().sockets == 0);
        long judgedBefore = gauges().slowConsumers;
        int port = nodes.node(0).edgePort().orElseThrow();
        int stalledCount = 30;
        List<RawWebSocket> stalled = new ArrayList<>();
        try (TestSocket healthy = TestSocket.open(nodes, 0, nodes.token("listener", "acme", "channels:read"))) {
            healthy.send(new JsonObject().put("type", "channel.subscribe").put("channel", "lobby"));
            healthy.next("channel.subscribed");
            for (int i = 0; i < stalledCount; i++) {
                RawWebSocket socket = RawWebSocket.open(port, nodes.token("quiet-" + i, "acme", "channels:read"), 4096);
                stalled.add(socket);
                socket.next("ready");
                socket.send(new JsonObject().put("type", "channel.subscribe").put("channel", "lobby"));
                socket.next("channel.subscribed");
            }
            // 60 kB chat messages, each read by the healthy listener before the next goes out.
            String data = "\"" + "z".repeat(60_000) + "\"";
            AtomicLong maxQueued = new AtomicLong();
            long id = 0;
            while (gauges().slowConsumers < judgedBefore + stalledCount) {
                id = nodes.node(0)
                        .client()
                        .topics()
                        .publish("acme", "lobby", "pump", data)
                        .toCompletableFuture()
                        .join()
                        .id();
                assertThat(healthy.next("message").getLong("id")).isEqualTo(id);
                maxQueued.accumulateAndGet(gauges().queuedBytes, Math::max);
                assertThat(id)
                        .as("stalled channel subscribers judged slow within a bound")
                        .isLessThan(2_000);
            }
            long perSocket = QUEUE_BYTES + 60_000 + 2_048;
            System.out.printf(
                    "slow consumers: %d stalled channel subscribers judged slow after %d messages;"
                            + " edge queued bytes max %d (bound %d)%n",
                    stalledCount, id, maxQueued.get(), (stalledCount + 1) * perSocket);
            assertThat(maxQueued.get())
                    .isLessThanOrEqualTo((stalledCount + 1) * perSocket)
                    .isGreaterThan((long) stalledCount * QUEUE_BYTES / 2);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gauges().sockets == 1);
            healthy.send(new JsonObject().put("type", "ping"));
            healthy.next("pong");
        } finally {
            stalled.forEach(RawWebSocket::close);
        }
    }

    /** Vert.x answers ping frames itself, past the queue check: the socket's timer catches such a client. */
    @Test
    void aClientThatPingsButNeverReadsIsClosedToo() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gauges().sockets == 0);
        long judgedBefore = gauges().slowConsumers;
        try (RawWebSocket pinger = RawWebSocket.open(
                nodes.node(0).edgePort().orElseThrow(), nodes.token("pinger", "acme", "docs:read"), 4096)) {
            pinger.next("ready");
            AtomicLong maxQueued = new AtomicLong();
            // Pings until the edge judges it slow (then its writes fail once the connection is dropped).
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ZERO)
                    .until(() -> {
                        try {
                            pinger.ping(1_000);
                        } catch (IOException e) {
                            // dropped: the counter says why
                        }
                        Gauges now = gauges();
                        maxQueued.accumulateAndGet(now.queuedBytes, Math::max);
                        return now.slowConsumers > judgedBefore;
                    });
            // Only the timer can have judged it: it sent no message the edge answers through the queue check.
            // Its pongs are bounded by time (two periods of what it sends), not bytes: reported, not asserted.
            System.out.printf(
                    "slow consumers: a pinging, non-reading client judged slow; edge queued bytes max %d%n",
                    maxQueued.get());
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gauges().sockets == 0);
    }

    @Test
    void anEdgeRefusesSocketsBeyondItsLimitAndTakesThemAgainOnceOnesClose() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gauges().sockets == 0);
        int port = nodes.node(0).edgePort().orElseThrow();
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_SOCKETS; i++) {
                RawWebSocket socket = RawWebSocket.open(port, nodes.token("cap-" + i, "acme", "docs:read"), 65_536);
                open.add(socket);
                assertThat(socket.status).isEqualTo(101);
            }
            try (RawWebSocket refused = RawWebSocket.open(port, nodes.token("one-more", "acme", "docs:read"), 65_536)) {
                assertThat(refused.status).isEqualTo(503);
            }
            open.remove(0).close();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gauges().sockets == MAX_SOCKETS - 1);
            try (RawWebSocket again = RawWebSocket.open(port, nodes.token("one-more", "acme", "docs:read"), 65_536)) {
                assertThat(again.status).isEqualTo(101);
                again.next("ready");
            }
        } finally {
            open.forEach(RawWebSocket::close);
        }
    }

    private record Gauges(long sockets, long queuedBytes, long slowConsumers) {}

    private static Gauges gauges() {
        String text = NodeExtension.await(
                        nodes.request(0, HttpMethod.GET, "/metrics", nodes.token("ops", "acme", "admin"))
                                .send())
                .bodyAsString();
        return new Gauges(
                (long) metric(text, "stategrid_realtime_sockets"),
                (long) metric(text, "stategrid_realtime_outbound_queued_bytes"),
                (long) metric(text, "stategrid_realtime_slow_consumers_total"));
    }

    private static double metric(String scrape, String name) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in /metrics"));
    }
}
