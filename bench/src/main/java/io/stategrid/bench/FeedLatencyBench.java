package io.stategrid.bench;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.client.ClientOptions;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Documents;
import io.stategrid.document.Edit;
import io.stategrid.document.TextOp;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.client.GridAccess;
import io.stategrid.testing.TestMemberConfigs;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * What an op's trip to listeners costs on 1 and 2 members: one writer submits text ops closed loop
 * through a remote SDK client and a listener on another client receives them. Per op: the ack's
 * latency, and the delivery's (submit to the listener's receipt). On 2 members the backup member
 * publishes each op after applying it, so delivery waits for the backup; on 1 the owner publishes.
 *
 * <p>Run: {@code bench/run.sh feed} (Markdown on stdout).
 */
public final class FeedLatencyBench {
    static final int WARMUP = Integer.getInteger("bench.warmupOps", 3_000);
    static final int OPS = Integer.getInteger("bench.ops", 10_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private FeedLatencyBench() {}

    public static void main(String[] args) throws Exception {
        String machine = Machine.describe("");
        StringBuilder out = new StringBuilder("## Documents: change-feed latency on 1 and 2 members\n\n");
        out.append(LocalDate.now())
                .append("; ")
                .append(machine)
                .append(String.format(
                        Locale.ROOT,
                        ". Members in one JVM on loopback, a remote SDK client writing and another listening; one writer"
                                + " submits %,d one-character text inserts closed loop after %,d untimed; medians of %d rounds"
                                + " (each round a fresh document).%n%n",
                        OPS,
                        WARMUP,
                        ROUNDS));
        out.append("| Members | who publishes | ack p50 / p99 | delivery p50 / p99 | delivery − ack (p50) | ops/s |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (int size : new int[] {1, 2}) {
            out.append(measure(size)).append('\n');
        }
        System.out.println(out);
        System.exit(0);
    }

    private static String measure(int size) throws Exception {
        String name = "bench-feed-" + UUID.randomUUID();
        List<Integer> ports = IntStream.range(18721, 18721 + size).boxed().toList();
        List<HazelcastInstance> members = new ArrayList<>();
        for (int port : ports) {
            members.add(Hazelcast.newHazelcastInstance(TestMemberConfigs.member(name, port, ports, 0)));
        }
        ClientOptions options = ClientOptions.builder()
                .clusterName(name)
                .addresses(ports.stream().map(p -> "127.0.0.1:" + p).toList())
                .build();
        List<double[]> rounds = new ArrayList<>();
        try (GridAccess writer = ClientFactory.connect(options);
                GridAccess reader = ClientFactory.connect(options)) {
            for (int round = 1; round <= ROUNDS; round++) {
                double[] r = round(writer.documents(), reader.documents(), "feed-" + round);
                rounds.add(r);
                System.err.printf(
                        Locale.ROOT,
                        "%d member(s) round %d: ack %.0f/%.0f us, delivery %.0f/%.0f us, %,.0f ops/s%n",
                        size,
                        round,
                        r[0],
                        r[1],
                        r[2],
                        r[3],
                        r[4]);
            }
        } finally {
            members.forEach(m -> m.getLifecycleService().terminate());
        }
        double[] m = new double[5];
        for (int i = 0; i < m.length; i++) {
            int index = i;
            m[i] = Stats.median(rounds.stream().map(r -> r[index]).toList());
        }
        return String.format(
                Locale.ROOT,
                "| %d | %s | %.0f / %.0f us | %.0f / %.0f us | %.0f us | %,.0f |",
                size,
                size == 1 ? "the owner (no backup replica)" : "the backup member, after applying the op",
                m[0],
                m[1],
                m[2],
                m[3],
                m[2] - m[0],
                m[4]);
    }

    /** {ack p50, ack p99, delivery p50, delivery p99, ops/s}, in microseconds. */
    private static double[] round(Documents writing, Documents listening, String id) throws Exception {
        writing.create("bench", id, DocumentType.TEXT, "", Edit.by("w"))
                .toCompletableFuture()
                .join();
        int total = WARMUP + OPS;
        long[] started = new long[total + 1];
        long[] acked = new long[OPS];
        long[] delivered = new long[OPS];
        CountDownLatch all = new CountDownLatch(total);
        try (AutoCloseable listener = listening.listen("bench", id, 2, op -> {
            long now = System.nanoTime();
            int seq = (int) op.clientSeq();
            if (seq > WARMUP) {
                delivered[seq - WARMUP - 1] = now - started[seq];
            }
            all.countDown();
        })) {
            String op = TextOp.builder().insert("x").build().toJson();
            long base = 1;
            long begin = 0;
            for (int seq = 1; seq <= total; seq++) {
                if (seq == WARMUP + 1) {
                    begin = System.nanoTime();
                }
                started[seq] = System.nanoTime();
                base = writing.submit("bench", id, base, op, Edit.by("w").client("writer", seq))
                        .toCompletableFuture()
                        .join()
                        .version();
                if (seq > WARMUP) {
                    acked[seq - WARMUP - 1] = System.nanoTime() - started[seq];
                }
            }
            double perSecond = OPS / ((System.nanoTime() - begin) / 1e9);
            if (!all.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(all.getCount() + " ops never reached the listener");
            }
            Arrays.sort(acked);
            Arrays.sort(delivered);
            return new double[] {
                Stats.percentileMicros(acked, 50),
                Stats.percentileMicros(acked, 99),
                Stats.percentileMicros(delivered, 50),
                Stats.percentileMicros(delivered, 99),
                perSecond
            };
        }
    }
}
